using NodaTime;

namespace SupportBot.Retention;

/// <summary>What one purge removed: closed cases older than <see cref="Cutoff"/>, and the rows per table that held their data.</summary>
public sealed record PurgeSummary(Instant Cutoff, int Cases, int Batches, IReadOnlyDictionary<string, long> Rows)
{
    public long TotalRows => Rows.Values.Sum();

    /// <summary>"case_events 12, outbox 7, …": the tables that lost rows, for the log line.</summary>
    public string Tables => Rows.Count == 0 ? "none" : string.Join(", ", Rows.Where(r => r.Value > 0).OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"));
}
