using Quartz;

namespace SupportBot.Scheduling;

/// <summary>Quartz.NET hosted in the app: the timer sweep every second and the calendar jobs as cron triggers.</summary>
public static class SchedulingSetup
{
    public static WebApplicationBuilder AddScheduling(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TimerSweeper>();
        builder.Services.AddSingleton<TimerWake>();
        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o => o.SchedulerName = "supportbot");
            q.UseDefaultThreadPool(4);
            q.AddJob<TimerSweepJob>(j => j.WithIdentity(TimerSweepJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(TimerSweepJob.Key).WithIdentity("timer-sweep-every-second", "supportbot")
                .StartNow().WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(1)).RepeatForever()
                    .WithMisfireHandlingInstructionNextWithRemainingCount()));
            q.AddJob<HousekeepingJob>(j => j.WithIdentity(HousekeepingJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(HousekeepingJob.Key).WithIdentity("housekeeping-hourly", "supportbot")
                .WithCronSchedule("0 7 * * * ?", c => c.WithMisfireHandlingInstructionFireAndProceed()));
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }
}
