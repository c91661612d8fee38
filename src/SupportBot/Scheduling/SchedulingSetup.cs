using Quartz;
using SupportBot.Auditing;
using SupportBot.Retention;
using SupportBot.Storage;

namespace SupportBot.Scheduling;

/// <summary>
/// The timer sweep, a loop on every instance, and Quartz.NET for the calendar jobs: in memory with
/// SQLite (one instance), in the clustered job store with PostgreSQL (several instances, each
/// firing run by one of them).
/// </summary>
public static class SchedulingSetup
{
    public static WebApplicationBuilder AddScheduling(this WebApplicationBuilder builder)
    {
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        builder.Services.AddSingleton<TimerSweeper>();
        builder.Services.AddSingleton<TimerWake>();
        builder.Services.AddHostedService<DeskTimersStartup>();
        builder.Services.AddHostedService<TimerSweepLoop>();
        builder.Services.AddTimerAuditor();
        builder.Services.AddRetention();
        // A trigger redeclared at start-up keeps its firing history, so a slot missed while every
        // instance was down is judged by its misfire instruction instead of forgotten.
        builder.Services.Configure<QuartzOptions>(o => o.Scheduling.ScheduleTriggerRelativeToReplacedTrigger = true);
        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o => o.InstanceName = ClusteredJobStore.SchedulerName);
            if (storage.IsPostgres && !string.IsNullOrWhiteSpace(storage.PostgresConnectionString))
            {
                ClusteredJobStore.Configure(q, storage.PostgresConnectionString);
            }
            // Quartz wakes on the real clock; what is due is decided on the injected one, inside the jobs.
            q.UseTimeProvider(TimeProvider.System);
            q.UseDefaultThreadPool(4);
            q.AddCalendarJob<HousekeepingJob>(HousekeepingJob.Key, "housekeeping-hourly", "0 7 * * * ?",
                c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed));
            q.AddCalendarJob<Reports.MonthlyReportJob>(Reports.MonthlyReportJob.Key, "monthly-report-every-minute", "30 * * * * ?",
                c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing));
            q.AddTimerAuditJob();
            q.AddCalendarJob<Lint.PolicyLintJob>(Lint.PolicyLintJob.Key, "policy-lint-every-5-minutes", "45 */5 * * * ?",
                c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing));
            q.AddRetentionJob();
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }
}
