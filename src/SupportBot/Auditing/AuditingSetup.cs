using Quartz;

namespace SupportBot.Auditing;

/// <summary>The timer auditor and its every-minute Quartz trigger.</summary>
public static class AuditingSetup
{
    public static IServiceCollection AddTimerAuditor(this IServiceCollection services)
    {
        services.AddSingleton<AuditorMetrics>();
        services.AddSingleton<TimerAuditor>();
        return services;
    }

    public static void AddTimerAuditJob(this IQuartzBuilder quartz)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        quartz.AddJob<TimerAuditJob>(j => j.WithIdentity(TimerAuditJob.Key).StoreDurably());
        quartz.AddTrigger(t => t.ForJob(TimerAuditJob.Key).WithIdentity("timer-audit-every-minute", "supportbot")
            .WithCronSchedule("15 * * * * ?", c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
    }
}
