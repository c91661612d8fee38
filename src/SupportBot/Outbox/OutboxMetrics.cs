using System.Diagnostics.Metrics;
using SupportBot.Core.Channels;

namespace SupportBot.Outbox;

/// <summary>
/// The outbox's instruments on the "SupportBot" meter, for the /metrics endpoint. Counters are
/// tagged with the platform; the gauges read the table when collected, so they survive restarts.
/// </summary>
public sealed class OutboxMetrics
{
    public const string MeterName = "SupportBot";

    private readonly Counter<long> delivered;
    private readonly Counter<long> failed;
    private readonly Counter<long> dead;
    private readonly Counter<long> abandoned;
    private readonly Counter<long> cancelled;

    public OutboxMetrics(IMeterFactory meters, OutboxStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        Meter = meters.Create(MeterName);
        delivered = Meter.CreateCounter<long>("supportbot_outbox_delivered_total", "{operation}", "Operations delivered to a platform.");
        failed = Meter.CreateCounter<long>("supportbot_outbox_failed_total", "{attempt}", "Failed delivery attempts, retried or not.");
        dead = Meter.CreateCounter<long>("supportbot_outbox_dead_total", "{operation}", "Operations given up on.");
        abandoned = Meter.CreateCounter<long>("supportbot_outbox_abandoned_total", "{operation}", "At-most-once sends not retried after an ambiguous failure.");
        cancelled = Meter.CreateCounter<long>("supportbot_outbox_pages_cancelled_total", "{operation}", "Pages not sent because the case no longer awaited them.");
        Meter.CreateObservableGauge("supportbot_outbox_depth", () => Read(store, c => c.Pending), "{operation}", "Operations waiting to be delivered.");
        Meter.CreateObservableGauge(
            "supportbot_outbox_oldest_age_seconds",
            () => Read(store, c => c.OldestPendingAge(time.GetUtcNow()).TotalSeconds),
            "s",
            "How long the oldest waiting operation has waited.");
        Meter.CreateObservableGauge("supportbot_outbox_dead", () => Read(store, c => c.Dead), "{operation}", "Dead operations kept in the outbox.");
    }

    public Meter Meter { get; }

    public void Delivered(ChannelKind? platform) => delivered.Add(1, Platform(platform));

    public void Failed(ChannelKind? platform) => failed.Add(1, Platform(platform));

    public void Dead(ChannelKind? platform) => dead.Add(1, Platform(platform));

    public void Abandoned(ChannelKind? platform) => abandoned.Add(1, Platform(platform));

    public void PageCancelled() => cancelled.Add(1);

    private static KeyValuePair<string, object?> Platform(ChannelKind? platform) => new("platform", platform?.Id() ?? "unknown");

    // A scrape must not fail because the database is briefly unavailable: report nothing instead.
    private static IEnumerable<Measurement<T>> Read<T>(OutboxStore store, Func<OutboxCounts, T> pick)
        where T : struct
    {
        OutboxCounts counts;
        try
        {
            counts = store.Counts();
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return [];
        }
        return [new Measurement<T>(pick(counts))];
    }
}
