using Dapper;

namespace SupportBot.Benchmarks.Clocks;

/// <summary>Each page's lateness (ms) and how many were early (negative lateness).</summary>
public sealed record PageLateness(Latencies Latencies, int Count, int Early)
{
    public TimeSpan P50 => Latencies.P50;

    public TimeSpan P99 => Latencies.P99;

    public TimeSpan Max => Latencies.Max;
}

/// <summary>What the app wrote, read from its database (same SQL on both providers: instants are unix milliseconds).</summary>
public sealed class ClocksDatabase(BenchDatabase database) : IDisposable
{
    private readonly Storage.IDatabase db = database.Open();

    /// <summary>Page timers fired so far.</summary>
    public long FiredPages() => Scalar("SELECT count(*) FROM timers WHERE key = @key AND status = 'fired'", new { key = ClocksPolicy.PageTimerKey });

    /// <summary>Every timer fired so far, whatever its key.</summary>
    public long FiredTimers() => Scalar("SELECT count(*) FROM timers WHERE status = 'fired'", null);

    /// <summary>
    /// For each page handed to the outbox (an at-least-once row to the on-call person), its row's
    /// creation time minus the due time of the timer that wrote it.
    /// </summary>
    public PageLateness PageLateness()
    {
        using var connection = db.Open();
        var rows = connection.Query<long>(
            """
            SELECT o.created_at - t.due_at FROM outbox o
            JOIN cases c ON c.number = o.case_number
            JOIN timers t ON t.case_id = c.id AND t.key = @key AND t.status = 'fired'
            WHERE o.delivery = 'at-least-once'
            """,
            new { key = ClocksPolicy.PageTimerKey }).AsList();
        var latencies = new Latencies();
        foreach (var ms in rows)
        {
            latencies.Add(TimeSpan.FromMilliseconds(Math.Max(0, ms)));
        }
        return new PageLateness(latencies, rows.Count, rows.Count(ms => ms < 0));
    }

    public void Dispose() => (db as IDisposable)?.Dispose();

    private long Scalar(string sql, object? args)
    {
        using var connection = db.Open();
        return connection.ExecuteScalar<long>(sql, args);
    }
}
