using Quartz;

namespace SupportBot.Retention;

public static class RetentionSetup
{
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddSingleton<RetentionMetrics>();
        services.AddSingleton<RetentionPurge>();
        return services;
    }

    /// <summary>Once a day; a day missed while the app was down runs as soon as it is back.</summary>
    public static void AddRetentionJob(this IQuartzBuilder quartz)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        quartz.AddJob<RetentionJob>(j => j.WithIdentity(RetentionJob.Key).StoreDurably());
        quartz.AddTrigger(t => t.ForJob(RetentionJob.Key).WithIdentity("retention-purge-daily", "supportbot")
            .WithCronSchedule(RetentionJob.Schedule, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
    }
}
