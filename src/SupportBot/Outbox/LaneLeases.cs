using Dapper;
using SupportBot.Storage;

namespace SupportBot.Outbox;

/// <summary>
/// Which instance works each outbox lane, so a conversation's messages go out in order when several
/// instances share the store. A lane is taken with a compare-and-set upsert that succeeds only when
/// the lane is free, its lease has run out, or this instance holds it already; the holder renews its
/// leases (as it works a lane, and on a heartbeat during slow calls) and releases a lane when done.
/// The same SQL runs on SQLite and PostgreSQL: the upsert is atomic on both, so one instance wins.
/// </summary>
public sealed class LaneLeases(IDatabase database, InstanceId instance, TimeSpan timeout)
{
    // The head of a lane is its oldest pending row; only heads are deliverable.
    private const string Heads = "SELECT lane, min(id) AS id FROM outbox WHERE status = 'pending' GROUP BY lane";

    public InstanceId Instance => instance;

    /// <summary>
    /// Takes up to <paramref name="limit"/> lanes whose head is due and that no live instance holds, oldest
    /// head first, leaving out the lanes in <paramref name="skip"/> (those this instance is working already).
    /// </summary>
    public Task<IReadOnlyList<string>> TakeDueAsync(DateTimeOffset now, int limit, IReadOnlyCollection<string>? skip, CancellationToken ct)
    {
        var parameters = new DynamicParameters(new { Me = instance.Value, Until = Until(now), Now = now.ToUnixTimeMilliseconds(), Limit = limit });
        var skipping = Skipping(parameters, skip);
        return database.WriteAsync<IReadOnlyList<string>>((connection, transaction) => [.. connection.Query<string>(
            // The WHERE clause is needed by SQLite's parser before ON CONFLICT; ordering by head keeps the
            // lock order the same on every instance, so two taking at once do not deadlock on PostgreSQL.
            $"""
            INSERT INTO outbox_lanes (lane, held_by, held_until)
            SELECT h.lane, @Me, @Until FROM ({Heads}) h
            JOIN outbox o ON o.id = h.id
            LEFT JOIN outbox_lanes l ON l.lane = h.lane
            WHERE o.next_attempt_at <= @Now AND (l.lane IS NULL OR l.held_until <= @Now OR l.held_by = @Me){skipping}
            ORDER BY h.id LIMIT @Limit
            ON CONFLICT (lane) DO UPDATE SET held_by = excluded.held_by, held_until = excluded.held_until
            WHERE outbox_lanes.held_until <= @Now OR outbox_lanes.held_by = @Me
            RETURNING lane;
            """,
            parameters, transaction)], ct);
    }

    public Task<IReadOnlyList<string>> TakeDueAsync(DateTimeOffset now, int limit, CancellationToken ct) => TakeDueAsync(now, limit, null, ct);

    /// <summary>Extends this instance's lease on <paramref name="lane"/>; false when another instance has taken it over.</summary>
    public async Task<bool> RenewAsync(string lane, DateTimeOffset now, CancellationToken ct) =>
        await ExecuteAsync("UPDATE outbox_lanes SET held_until = @Until WHERE lane = @Lane AND held_by = @Me;",
            new { Lane = lane, Me = instance.Value, Until = Until(now) }, ct).ConfigureAwait(false) == 1;

    /// <summary>The heartbeat: extends every lease this instance holds, so a call slower than the lease does not lose its lane.</summary>
    public Task RenewAllAsync(DateTimeOffset now, CancellationToken ct) =>
        ExecuteAsync("UPDATE outbox_lanes SET held_until = @Until WHERE held_by = @Me;", new { Me = instance.Value, Until = Until(now) }, ct);

    /// <summary>
    /// Gives a lane up, if this instance still holds it. Not cancellable: a drain ends with it, stopping
    /// included, so another instance may take the lane at once instead of after the lease.
    /// </summary>
    public Task ReleaseAsync(string lane) =>
        ExecuteAsync("DELETE FROM outbox_lanes WHERE lane = @Lane AND held_by = @Me;", new { Lane = lane, Me = instance.Value }, CancellationToken.None);

    // Shares commits with the case steps (group commit on SQLite), as the take does.
    private Task<int> ExecuteAsync(string sql, object parameters, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) => connection.Execute(sql, parameters, transaction), ct);

    /// <summary>
    /// When this instance may next take a lane: its head's next attempt, or, for a lane another instance
    /// holds, the end of that lease if later (rows behind a head do not count: they cannot go first).
    /// The lanes in <paramref name="skip"/> (being worked here) do not count: their drains go on by themselves.
    /// </summary>
    public async Task<DateTimeOffset?> NextDueAsync(IReadOnlyCollection<string>? skip, CancellationToken ct)
    {
        var parameters = new DynamicParameters(new { Me = instance.Value });
        var skipping = Skipping(parameters, skip);
        using var connection = database.Open();
        var next = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"""
            SELECT min(CASE WHEN l.lane IS NULL OR l.held_by = @Me OR l.held_until <= o.next_attempt_at
                            THEN o.next_attempt_at ELSE l.held_until END)
            FROM ({Heads}) h JOIN outbox o ON o.id = h.id LEFT JOIN outbox_lanes l ON l.lane = h.lane
            WHERE 1 = 1{skipping};
            """,
            parameters, cancellationToken: ct)).ConfigureAwait(false);
        return next is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken ct) => NextDueAsync(null, ct);

    private static string Skipping(DynamicParameters parameters, IReadOnlyCollection<string>? skip) =>
        skip is { Count: > 0 } ? $" AND h.lane NOT IN {SqlList.In(parameters, "skip", skip)}" : "";

    private long Until(DateTimeOffset now) => (now + timeout).ToUnixTimeMilliseconds();
}
