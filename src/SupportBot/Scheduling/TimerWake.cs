using NodaTime;
using Quartz;
using SupportBot.Core;

namespace SupportBot.Scheduling;

/// <summary>
/// Wakes the sweep early when a timer is set that falls due before the next regular sweep, so
/// sub-second timers are not up to a second late. Quartz runs on the real clock; the delay is
/// measured on the injected one.
/// </summary>
public sealed class TimerWake(ISchedulerFactory schedulers, TimeProvider time)
{
    private static readonly Duration Regular = Duration.FromSeconds(1);

    public void TimerSet(Instant due)
    {
        var delay = due - time.GetCurrentInstant();
        if (delay >= Regular)
        {
            return;
        }
        var at = TimeProvider.System.GetUtcNow() + (delay > Duration.Zero ? delay.ToTimeSpan() : TimeSpan.Zero);
        _ = ScheduleAsync(at);
    }

    private async Task ScheduleAsync(DateTimeOffset at)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler();
            if (scheduler.Status == SchedulerStatus.Running)
            {
                await scheduler.ScheduleJob(TriggerBuilder.Create().ForJob(TimerSweepJob.Key).StartAt(at).Build());
            }
        }
        catch (SchedulerException)
        {
            // Shutting down, or the job is not registered in this host: the regular sweep covers it.
        }
    }
}
