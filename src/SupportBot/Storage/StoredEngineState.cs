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

    public CaseRecord? FindCase(string number) =>
        One(connection.QuerySingleOrDefault<CaseRow>($"SELECT {CaseColumns} FROM cases WHERE number = @number{lockRows}", new { number }, transaction));

    public CaseRecord? FindCaseById(string id) =>
        One(connection.QuerySingleOrDefault<CaseRow>($"SELECT {CaseColumns} FROM cases WHERE id = @id{lockRows}", new { id }, transaction));

    public IntakeSession? FindIntake(string userKey)
    {
        var json = connection.QuerySingleOrDefault<string>($"SELECT data FROM intake_sessions WHERE user_key = @userKey{lockRows}", new { userKey }, transaction);
        return json is null ? null : StoreJson.Deserialize<IntakeSession>(json);
    }

    public IReadOnlyList<CaseRecord> OpenCases() =>
        connection.Query<CaseRow>(
            $"SELECT {CaseColumns} FROM cases WHERE status NOT IN ('resolved', 'closed') ORDER BY severity_rank, opened_at, number",
            transaction: transaction).Select(r => One(r)!).ToList();

    /// <summary>Up to <paramref name="max"/> open cases with ids after <paramref name="afterId"/>, by id: a large desk read a page at a time.</summary>
    public IReadOnlyList<CaseRecord> OpenCasesAfter(string afterId, int max) =>
        connection.Query<CaseRow>(
            $"SELECT {CaseColumns} FROM cases WHERE status NOT IN ('resolved', 'closed') AND id > @afterId ORDER BY id LIMIT @max",
            new { afterId, max }, transaction).Select(r => One(r)!).ToList();

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

    private static CaseRecord? One(CaseRow? row) =>
        row is null ? null : StoreJson.Deserialize<CaseRecord>(row.Data) with { Version = (int)row.Version };

    private sealed record CaseRow(string Data, long Version);
}
