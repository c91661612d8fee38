using Quartz;
using SupportBot.Scheduling;

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
        quartz.AddCalendarJob<RetentionJob>(RetentionJob.Key, "retention-purge-daily", RetentionJob.Schedule,
            c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed));
    }
}
