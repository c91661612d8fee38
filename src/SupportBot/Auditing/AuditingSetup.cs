using Quartz;
using SupportBot.Scheduling;

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
        quartz.AddCalendarJob<TimerAuditJob>(TimerAuditJob.Key, "timer-audit-every-minute", "15 * * * * ?",
            c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing));
    }
}
