using NodaTime;
using SupportBot.Core;

namespace SupportBot.Scheduling;

/// <summary>
/// Sweeps due timers on every instance: again as soon as the next timer falls due, and at least once
/// a second (for timers another instance sets, and to retry one that failed). Waking at the due
/// time rather than on a fixed tick keeps a timer from waiting up to a second for the next tick.
/// It is not a Quartz job: on PostgreSQL the calendar jobs run in Quartz's clustered store, which
/// would run the sweep on one node only and pay its own database round-trips every second. Running
/// it everywhere is safe because each timer is claimed in its own transaction (FOR UPDATE SKIP
/// LOCKED), so it still fires once; and it keeps timers firing on the survivors while a dead node's
/// Quartz work waits to be recovered. <see cref="TimerWake"/> still sweeps sooner for a timer set
/// in this process while the loop waits.
/// </summary>
public sealed partial class TimerSweepLoop(TimerSweeper sweeper, TimeProvider time, ILogger<TimerSweepLoop> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    // The loop's own last sweep (null when it failed): where the wait for the next due timer starts.
    private SweepOutcome? last;

    /// <summary>How long to wait after a sweep: until the next timer is due, at most <see cref="Interval"/>, never negative.</summary>
    public static TimeSpan WaitFor(Instant now, Instant? nextDue)
    {
        if (nextDue is not { } due)
        {
            return Interval;
        }
        var until = (due - now).ToTimeSpan();
        return until <= TimeSpan.Zero ? TimeSpan.Zero : until < Interval ? until : Interval;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        do
        {
            await SweepOnceAsync(stoppingToken);
        }
        while (await WaitAsync(await NextWaitAsync(stoppingToken), stoppingToken));
    }

    private async Task SweepOnceAsync(CancellationToken ct)
    {
        last = null;
        try
        {
            last = await sweeper.SweepAsync(ct);
            if (last.Fired > 0)
            {
                LogSwept(last.Fired);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: the loop ends at the next wait; the next start sweeps what is due.
        }
        catch (Exception ex)
        {
            // A failing sweep must not stop the loop; the next second tries again.
            LogFailed(ex);
        }
    }

    /// <summary>Until the first timer due after the last sweep looked; a second after a sweep that failed.</summary>
    private async Task<TimeSpan> NextWaitAsync(CancellationToken ct)
    {
        if (last is not { } swept)
        {
            return Interval;
        }
        try
        {
            return WaitFor(time.GetCurrentInstant(), await sweeper.NextDueAfterAsync(swept.Through, ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return Interval;
        }
        catch (Exception ex)
        {
            LogFailed(ex);
            return Interval;
        }
    }

    /// <summary>The wait is on the real clock; what is due is decided on the injected one, inside the sweeper.</summary>
    private static async Task<bool> WaitAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, TimeProvider.System, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Timer sweep fired {Count} timers")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer sweep failed")]
    private partial void LogFailed(Exception ex);
}
