using Quartz;
using SupportBot.Auditing;
using SupportBot.Retention;

namespace SupportBot.Scheduling;

/// <summary>Quartz.NET hosted in the app: the timer sweep every second and the calendar jobs as cron triggers.</summary>
public static class SchedulingSetup
{
    public static WebApplicationBuilder AddScheduling(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TimerSweeper>();
        builder.Services.AddSingleton<TimerWake>();
        builder.Services.AddHostedService<DeskTimersStartup>();
        builder.Services.AddTimerAuditor();
        builder.Services.AddRetention();
        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o => o.InstanceName = "supportbot");
            // Quartz wakes on the real clock; what is due is decided on the injected one, inside the jobs.
            q.UseTimeProvider(TimeProvider.System);
            q.UseDefaultThreadPool(4);
            q.AddJob<TimerSweepJob>(j => j.WithIdentity(TimerSweepJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(TimerSweepJob.Key).WithIdentity("timer-sweep-every-second", "supportbot")
                .StartNow().WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(1)).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            q.AddJob<HousekeepingJob>(j => j.WithIdentity(HousekeepingJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(HousekeepingJob.Key).WithIdentity("housekeeping-hourly", "supportbot")
                .WithCronSchedule("0 7 * * * ?", c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            q.AddJob<Reports.MonthlyReportJob>(j => j.WithIdentity(Reports.MonthlyReportJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(Reports.MonthlyReportJob.Key).WithIdentity("monthly-report-every-minute", "supportbot")
                .WithCronSchedule("30 * * * * ?", c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
            q.AddTimerAuditJob();
            q.AddJob<Lint.PolicyLintJob>(j => j.WithIdentity(Lint.PolicyLintJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(Lint.PolicyLintJob.Key).WithIdentity("policy-lint-every-5-minutes", "supportbot")
                .WithCronSchedule("45 */5 * * * ?", c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
            q.AddRetentionJob();
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }
}
