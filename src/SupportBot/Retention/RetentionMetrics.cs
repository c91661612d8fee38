using System.Diagnostics.Metrics;
using SupportBot.Outbox;

namespace SupportBot.Retention;

/// <summary>The purge's counters on the "SupportBot" meter, for <c>/metrics</c>.</summary>
public sealed class RetentionMetrics
{
    private readonly Counter<long> runs;
    private readonly Counter<long> cases;
    private readonly Counter<long> rows;

    public RetentionMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(OutboxMetrics.MeterName);
        runs = meter.CreateCounter<long>("supportbot_retention_purges_total", "{purge}", "Retention purges run.");
        cases = meter.CreateCounter<long>("supportbot_retention_purged_cases_total", "{case}", "Closed cases past the policy's retention, removed.");
        rows = meter.CreateCounter<long>("supportbot_retention_purged_rows_total", "{row}", "Rows removed by the retention purge, by table.");
    }

    public void Purged(PurgeSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        runs.Add(1);
        cases.Add(summary.Cases);
        foreach (var (table, count) in summary.Rows)
        {
            rows.Add(count, new KeyValuePair<string, object?>("table", table));
        }
    }
}
