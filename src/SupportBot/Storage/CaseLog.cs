using System.Data.Common;
using Dapper;
using NodaTime;
using SupportBot.Core.Cases;

namespace SupportBot.Storage;

/// <summary>The case event log: append and read.</summary>
public static class CaseLog
{
    public static void Append(DbConnection connection, DbTransaction transaction, CaseEvent e) =>
        connection.Execute(
            "INSERT INTO case_events (case_id, at, actor_key, actor_name, type, summary, data) VALUES (@CaseId, @At, @ActorKey, @ActorName, @Type, @Summary, @Data)",
            new
            {
                e.CaseId,
                At = e.At.ToUnixTimeMilliseconds(),
                e.ActorKey,
                e.ActorName,
                e.Type,
                e.Summary,
                Data = StoreJson.Serialize(e.Data),
            },
            transaction);

    public static IReadOnlyList<CaseEvent> Recent(DbConnection connection, DbTransaction? transaction, string caseId, int count) =>
        connection.Query<EventRow>(
            "SELECT case_id AS CaseId, at AS At, actor_key AS ActorKey, actor_name AS ActorName, type AS Type, summary AS Summary, data AS Data " +
            "FROM case_events WHERE case_id = @caseId ORDER BY id DESC LIMIT @count",
            new { caseId, count }, transaction)
            .Reverse()
            .Select(r => r.ToEvent())
            .ToList();

    /// <summary>The whole log of every case opened in [<paramref name="start"/>, <paramref name="end"/>), oldest event first.</summary>
    public static IReadOnlyList<CaseEvent> OfCasesOpened(DbConnection connection, DbTransaction? transaction, Instant start, Instant end) =>
        connection.Query<EventRow>(
            "SELECT e.case_id AS CaseId, e.at AS At, e.actor_key AS ActorKey, e.actor_name AS ActorName, e.type AS Type, e.summary AS Summary, e.data AS Data " +
            "FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.opened_at >= @start AND c.opened_at < @end ORDER BY e.id",
            new { start = start.ToUnixTimeMilliseconds(), end = end.ToUnixTimeMilliseconds() }, transaction)
            .Select(r => r.ToEvent())
            .ToList();

    private sealed record EventRow(string CaseId, long At, string ActorKey, string ActorName, string Type, string Summary, string Data)
    {
        public CaseEvent ToEvent() => new(CaseId, Instant.FromUnixTimeMilliseconds(At), ActorKey, ActorName, Type, Summary,
            StoreJson.Deserialize<Dictionary<string, string>>(Data));
    }
}
