using System.Data.Common;
using System.Text.Json.Nodes;
using Dapper;
using NodaTime;
using SupportBot.Storage;

namespace SupportBot.Privacy;

/// <summary>
/// Everything the store keeps about one person, as one JSON document: the cases they reported (in full)
/// or own, their entries in the case logs, what they typed in the local workspace, their intake under
/// way, the accounts learned for them and the desk channels they registered.
/// </summary>
public static class PersonalDataExport
{
    public static JsonObject Build(DbConnection connection, DbTransaction transaction, Subject subject, Instant now)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(subject);
        var args = subject.Args;
        var dialect = SqlDialect.Of(connection);
        var reported = connection.Query<string>(
            $"SELECT data FROM cases WHERE {Subject.ReportedCase(dialect)} ORDER BY opened_at, number", args, transaction)
            .Select(d => JsonNode.Parse(d)).ToArray();
        var owned = connection.Query<string>("SELECT number FROM cases WHERE owner_key = @Key ORDER BY opened_at, number", args, transaction)
            .Select(n => (JsonNode?)n).ToArray();
        var events = connection.Query<(string Number, long At, string Type, string Summary, string Data)>(
            "SELECT c.number, e.at, e.type, e.summary, e.data FROM case_events e JOIN cases c ON c.id = e.case_id " +
            $"WHERE {Subject.AuthoredEvent(dialect)} ORDER BY e.id", args, transaction)
            .Select(e => (JsonNode?)new JsonObject
            {
                ["case"] = e.Number,
                ["at"] = At(e.At),
                ["type"] = e.Type,
                ["summary"] = e.Summary,
                ["data"] = JsonNode.Parse(e.Data),
            }).ToArray();
        var typed = subject.Platform != "local" ? [] : connection.Query<(string Conversation, long At, string Text)>(
            "SELECT conversation_id, created_at, text FROM local_messages WHERE author_id = @Account ORDER BY id", args, transaction)
            .Select(m => (JsonNode?)new JsonObject { ["conversation"] = m.Conversation, ["at"] = At(m.At), ["text"] = m.Text }).ToArray();
        var intake = connection.QuerySingleOrDefault<string>("SELECT data FROM intake_sessions WHERE user_key = @Key", args, transaction);
        var accounts = connection.Query<(string Platform, string Account, string Email, string Name, long LastSeen)>(
            "SELECT platform, account_id, email, name, last_seen FROM learned_accounts WHERE platform = @Platform AND account_id = @Account", args, transaction)
            .Select(a => (JsonNode?)new JsonObject
            {
                ["platform"] = a.Platform,
                ["account"] = a.Account,
                ["email"] = a.Email,
                ["name"] = a.Name,
                ["lastSeen"] = At(a.LastSeen),
            }).ToArray();
        var desk = connection.Query<(string Role, string Platform, string Conversation, long SetAt)>(
            "SELECT role, platform, conversation_id, set_at FROM desk_channels WHERE set_by = @Key", args, transaction)
            .Select(d => (JsonNode?)new JsonObject { ["role"] = d.Role, ["platform"] = d.Platform, ["channel"] = d.Conversation, ["setAt"] = At(d.SetAt) }).ToArray();
        return new JsonObject
        {
            ["subject"] = subject.Key,
            ["exportedAt"] = now.ToString(),
            ["casesReported"] = new JsonArray(reported),
            ["casesOwned"] = new JsonArray(owned),
            ["caseLogEntries"] = new JsonArray(events),
            ["messagesTyped"] = new JsonArray(typed),
            ["intakeUnderWay"] = intake is null ? null : JsonNode.Parse(intake),
            ["learnedAccounts"] = new JsonArray(accounts),
            ["deskChannelsSet"] = new JsonArray(desk),
            ["profile"] = "Not stored: the email and time zone a platform's directory gives are kept in memory for at most an hour.",
        };
    }

    private static string At(long ms) => Instant.FromUnixTimeMilliseconds(ms).ToString();
}
