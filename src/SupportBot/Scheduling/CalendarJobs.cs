using Quartz;

namespace SupportBot.Scheduling;

/// <summary>How every calendar job is declared, so that none forgets what running on a cluster asks of it.</summary>
public static class CalendarJobs
{
    /// <summary>
    /// A durable job on a cron trigger. It asks for recovery: a firing cut off by its instance's death
    /// runs again on another, so the job must be safe to run twice (each one is: it checks what is
    /// done in the same transaction that does it, or its work is idempotent).
    /// </summary>
    public static void AddCalendarJob<TJob>(this IQuartzBuilder quartz, JobKey key, string triggerName, string cron, Action<CronScheduleBuilder> misfire)
        where TJob : IJob
    {
        ArgumentNullException.ThrowIfNull(quartz);
        quartz.AddJob<TJob>(j => j.WithIdentity(key).StoreDurably().RequestRecovery(true));
        quartz.AddTrigger(t => t.ForJob(key).WithIdentity(triggerName, key.Group).WithCronSchedule(cron, misfire));
    }
}
