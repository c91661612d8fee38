using Quartz;

namespace SupportBot.Scheduling;

/// <summary>
/// Quartz's clustered ADO.NET job store in the app's PostgreSQL database: every instance is one
/// node of the scheduler <see cref="SchedulerName"/> with an instance id of its own, and each calendar
/// firing is taken by exactly one node. The app and the cluster tests configure it here, so they
/// test the same numbers.
/// </summary>
public static class ClusteredJobStore
{
    public const string SchedulerName = "supportbot";

    /// <summary>How often a node records that it is alive: one short locked UPDATE per node per interval.</summary>
    public static readonly TimeSpan CheckinInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How far past its missed check-ins the others wait before they recover a node's work. Measured
    /// here (Quartz 4.7.3), a node is written off once two intervals plus this have passed since its
    /// last check-in, so a live node has to stall 6 s for that: far beyond a garbage collection. A
    /// pause of the database stalls every node alike, which Quartz allows for.
    /// </summary>
    public static readonly TimeSpan CheckinMisfireThreshold = TimeSpan.FromSeconds(4);

    /// <summary>
    /// The longest a dead node's work waits for another node: its last check-in up to one interval
    /// before it died, written off two intervals plus the threshold after that, noticed at the
    /// survivor's next check-in.
    /// </summary>
    public static TimeSpan RecoveryWithin => CheckinInterval * 3 + CheckinMisfireThreshold;

    public static void Configure(IQuartzBuilder quartz, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        quartz.ConfigureScheduler(o =>
        {
            o.InstanceName = SchedulerName;
            o.GenerateInstanceId = true;
        });
        quartz.UsePersistentStore(store =>
        {
            store.UsePostgres(connectionString);
            // Quartz owns its 15 tables and their DDL for its version; see docs/several-instances.md.
            store.ProvisionSchema();
            store.ConfigureStore(o => o.StoreJobDataAsStrings = true);
            store.UseClustering(c =>
            {
                c.CheckinInterval = CheckinInterval;
                c.CheckinMisfireThreshold = CheckinMisfireThreshold;
            });
        });
    }
}
