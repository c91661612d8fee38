using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;
using SupportBot.Core.Cases;

namespace SupportBot.Storage.Sqlite;

/// <summary>The case event log: append and read.</summary>
public static class SqliteCaseLog
{
    public static void Append(SqliteConnection connection, SqliteTransaction transaction, CaseEvent e) =>
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

    public static IReadOnlyList<CaseEvent> Recent(SqliteConnection connection, SqliteTransaction? transaction, string caseId, int count) =>
        connection.Query<EventRow>(
            "SELECT case_id AS CaseId, at AS At, actor_key AS ActorKey, actor_name AS ActorName, type AS Type, summary AS Summary, data AS Data " +
            "FROM case_events WHERE case_id = @caseId ORDER BY id DESC LIMIT @count",
            new { caseId, count }, transaction)
            .Reverse()
            .Select(r => r.ToEvent())
            .ToList();

    private sealed record EventRow(string CaseId, long At, string ActorKey, string ActorName, string Type, string Summary, string Data)
    {
        public CaseEvent ToEvent() => new(CaseId, Instant.FromUnixTimeMilliseconds(At), ActorKey, ActorName, Type, Summary,
            StoreJson.Deserialize<Dictionary<string, string>>(Data));
    }
}
