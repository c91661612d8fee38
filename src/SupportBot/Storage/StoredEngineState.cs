using System.Data.Common;
using System.Globalization;
using Dapper;
using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Engine;
using SupportBot.Core.Intake;

namespace SupportBot.Storage;

/// <summary>
/// The engine's reads, inside the step's transaction. In a write, <paramref name="lockRows"/> is the
/// dialect's FOR UPDATE: on PostgreSQL the case or intake a step decides on is locked until it
/// commits, so two instances acting on one case take turns (SQLite's write lock does this already).
/// </summary>
public sealed class StoredEngineState(DbConnection connection, DbTransaction transaction, string lockRows = "") : IEngineState
{
    private const string CaseColumns = "data AS Data, version AS Version";

    // Written exactly as in the partial indexes' WHERE, so that SQLite (which matches the terms as written) uses them.
    private const string Open = "WHERE status NOT IN ('resolved', 'closed')";
    private const string QueueOrder = "ORDER BY severity_rank, opened_at, number";

    public CaseRecord? FindCase(string number) =>
        One(connection.QuerySingleOrDefault<CaseRow>($"SELECT {CaseColumns} FROM cases WHERE number = @number{lockRows}", new { number }, transaction));

    public CaseRecord? FindCaseById(string id) =>
        One(connection.QuerySingleOrDefault<CaseRow>($"SELECT {CaseColumns} FROM cases WHERE id = @id{lockRows}", new { id }, transaction));

    public IntakeSession? FindIntake(string userKey)
    {
        var json = connection.QuerySingleOrDefault<string>($"SELECT data FROM intake_sessions WHERE user_key = @userKey{lockRows}", new { userKey }, transaction);
        return json is null ? null : StoreJson.Deserialize<IntakeSession>(json);
    }

    // The partial index ix_cases_open_queue walks the open cases in queue order: the head is read, not sorted out of every case.
    public QueueHead OpenQueueHead(int limit) => new(
        Cases($"{Open} {QueueOrder} LIMIT @limit", new { limit }),
        connection.ExecuteScalar<int>($"SELECT count(*) FROM cases {Open}", transaction: transaction));

    // Through ix_cases_open_region: the heads of the region's cases and of those of no region, each read in queue
    // order and merged, and both counted from the index, where one query for either would read every open case.
    public QueueHead OpenRegionQueueHead(string region, int limit)
    {
        const string Heads = $"SELECT data, version, severity_rank, opened_at, number FROM cases {Open} AND region";
        const string Counts = $"SELECT count(*) FROM cases {Open} AND region";
        var parameters = new { region, limit };
        return new(
            Query($"SELECT {CaseColumns} FROM (SELECT * FROM ({Heads} IS NULL {QueueOrder} LIMIT @limit) AS regionless " +
                $"UNION ALL SELECT * FROM ({Heads} = @region {QueueOrder} LIMIT @limit) AS own) AS head {QueueOrder} LIMIT @limit", parameters),
            connection.ExecuteScalar<int>($"SELECT ({Counts} IS NULL) + ({Counts} = @region)", parameters, transaction));
    }

    public IReadOnlyList<CaseRecord> OpenCasesReportedBy(string reporterKey) =>
        Cases($"{Open} AND reporter_key = @reporterKey {QueueOrder}", new { reporterKey });

    // Through ix_cases_open_received: an intake preview reads the incidents of the last minutes, not the whole desk.
    public IReadOnlyList<CaseRecord> OpenCasesReceivedSince(Instant since, IReadOnlyCollection<string> severityIds)
    {
        if (severityIds.Count == 0)
        {
            return [];
        }
        var parameters = new DynamicParameters(new { since = since.ToUnixTimeMilliseconds() });
        var severities = SqlList.In(parameters, "severity", severityIds);
        // +severity_rank: sorting the few rows found beats walking the queue index, which SQLite would otherwise pick for the ORDER BY.
        return Cases($"{Open} AND opened_at >= @since AND severity IN {severities} ORDER BY +severity_rank, opened_at, number", parameters);
    }

    /// <summary>Up to <paramref name="max"/> open cases with ids after <paramref name="afterId"/>, by id: a large desk read a page at a time.</summary>
    public IReadOnlyList<CaseRecord> OpenCasesAfter(string afterId, int max) =>
        Cases($"{Open} AND id > @afterId ORDER BY id LIMIT @max", new { afterId, max });

    public IReadOnlyList<CaseEvent> RecentEvents(string caseId, int count) =>
        CaseLog.Recent(connection, transaction, caseId, count);

    public IReadOnlyList<string> CasesReportedSince(string reporterKey, Instant since) =>
        connection.Query<string>("SELECT number FROM cases WHERE reporter_key = @reporterKey AND opened_at > @since ORDER BY opened_at, number",
            new { reporterKey, since = since.ToUnixTimeMilliseconds() }, transaction).AsList();

    public string NextCaseNumber(string prefix)
    {
        var next = connection.ExecuteScalar<long>(
            "INSERT INTO counters (name, value) VALUES (@name, 1) ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value",
            new { name = $"case:{prefix}" }, transaction);
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}-{next:D6}");
    }

    private List<CaseRecord> Cases(string where, object? parameters = null) => Query($"SELECT {CaseColumns} FROM cases {where}", parameters);

    private List<CaseRecord> Query(string sql, object? parameters) =>
        [.. connection.Query<CaseRow>(sql, parameters, transaction).Select(r => One(r)!)];

    private static CaseRecord? One(CaseRow? row) =>
        row is null ? null : StoreJson.Deserialize<CaseRecord>(row.Data) with { Version = (int)row.Version };

    private sealed record CaseRow(string Data, long Version);
}
