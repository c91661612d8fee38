using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Intake;
using SupportBot.Core.Policy;
using SupportBot.Storage;

namespace SupportBot.Privacy;

/// <summary>
/// Erases one person's personal data in the caller's transaction: their name, email, account id and
/// everything they wrote become "[erased]" in every table that holds text (cases, logs, message copies,
/// sent outbox rows…), their intake under way and learned accounts are deleted, and each case touched
/// gets a log entry that says so, without the data. Case numbers, times, severities, choices such as
/// the category and region, and ratings stay, so the reports do not change. Outbox rows still to be
/// sent are left as they are: they are the messages being delivered.
/// </summary>
public static class PersonalDataEraser
{
    /// <summary>Tables with nothing personal (or the audit itself).</summary>
    private static readonly HashSet<string> SkippedTables = new(StringComparer.Ordinal)
    {
        "schema_version", "counters", "inbound_events", "privacy_requests", "monthly_reports", "policy_lint_days", "policy_lint_posted",
    };

    /// <summary>Columns that tie rows together (keys, lanes, conversation and message ids): changing them would break the links, not hide a person.</summary>
    private static readonly HashSet<string> StructuralColumns = new(StringComparer.Ordinal)
    {
        "key", "lane", "case_id", "conversation_id", "channel_id", "team_id", "message_id", "ts", "platform", "status", "type", "kind", "role", "number",
    };

    /// <summary>Event data that is never personal: what the reports count.</summary>
    private static readonly HashSet<string> CountedData = new(StringComparer.Ordinal)
    {
        "severity", "rating", "outcome", "level", "attempt", "tier", "status", "category", "region", "impact", "reporter", "seconds", "at", "until",
    };

    /// <summary>Quartz's job store (PostgreSQL, in the same database): job and trigger definitions, nothing personal.</summary>
    private const string SchedulerTables = "qrtz_";

    public static ErasedData Erase(DbConnection connection, DbTransaction transaction, Subject subject, SupportPolicy policy, string by, string byName, Instant now)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(policy);
        var dialect = SqlDialect.Of(connection);
        var scrubber = new TextScrubber(Identifying(connection, transaction, dialect, subject, policy));
        var changed = new Dictionary<string, long>(StringComparer.Ordinal);
        var args = subject.Args;
        Count(changed, "intake_sessions", connection.Execute("DELETE FROM intake_sessions WHERE user_key = @Key", args, transaction));
        Count(changed, "learned_accounts", connection.Execute("DELETE FROM learned_accounts WHERE platform = @Platform AND account_id = @Account", args, transaction));
        if (subject.Platform == "local")
        {
            Count(changed, "local_members", connection.Execute("DELETE FROM local_members WHERE user_id = @Account", args, transaction));
        }
        var cases = new HashSet<string>(StringComparer.Ordinal);
        if (scrubber.Strings.Count > 0)
        {
            var textColumns = connection.Query<(string Table, string Column)>(dialect.TextColumns, transaction: transaction)
                .Where(c => !SkippedTables.Contains(c.Table) && !c.Table.StartsWith(SchedulerTables, StringComparison.OrdinalIgnoreCase) && !StructuralColumns.Contains(c.Column))
                .GroupBy(c => c.Table, c => c.Column, StringComparer.Ordinal);
            foreach (var table in textColumns)
            {
                Count(changed, table.Key, ScrubTable(connection, transaction, dialect, table.Key, [.. table], scrubber, cases));
            }
        }
        foreach (var caseId in cases.Order(StringComparer.Ordinal))
        {
            CaseLog.Append(connection, transaction, new CaseEvent(caseId, now, by, byName, "personal-data-erased",
                $"The personal data of one of the people on this case was erased on request, by {byName}.", new Dictionary<string, string>()));
        }
        return new ErasedData(cases.Count, changed);
    }

    /// <summary>
    /// The strings that identify the person or that they wrote: their account id, the names and emails
    /// the store has for them, the free-text answers of their reports and intake, the texts of their log
    /// entries, and what they typed in the local workspace.
    /// </summary>
    private static List<string> Identifying(DbConnection connection, DbTransaction transaction, SqlDialect dialect, Subject subject, SupportPolicy policy)
    {
        var args = subject.Args;
        var found = new List<string> { subject.Account };
        var choices = policy.Questions.Where(q => q.Kind is QuestionKind.Choice or QuestionKind.YesNo).Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        void FromPerson(JsonNode? person)
        {
            found.Add(person?["name"]?.GetValue<string>() ?? "");
            found.Add(person?["email"]?.GetValue<string>() ?? "");
        }
        void FromAnswers(JsonNode? answers)
        {
            foreach (var (id, value) in answers?.AsObject() ?? [])
            {
                if (!choices.Contains(id) && value?.GetValue<string>() is { } text)
                {
                    found.Add(text);
                }
            }
        }
        foreach (var data in connection.Query<string>($"SELECT data FROM cases WHERE {Subject.ReportedCase(dialect)}", args, transaction))
        {
            var c = JsonNode.Parse(data)!;
            if (c["reporter"]?["id"]?.GetValue<string>() == subject.Account)
            {
                FromPerson(c["reporter"]);
                FromAnswers(c["answers"]);
            }
            foreach (var linked in c["linkedReporters"]?.AsArray() ?? [])
            {
                if (linked?["id"]?.GetValue<string>() == subject.Account)
                {
                    FromPerson(linked);
                }
            }
        }
        foreach (var owner in connection.Query<string>($"SELECT {dialect.JsonText("data", "owner")} FROM cases WHERE owner_key = @Key", args, transaction))
        {
            FromPerson(JsonNode.Parse(owner));
        }
        foreach (var (name, data) in connection.Query<(string, string)>(
            $"SELECT e.actor_name, e.data FROM case_events e WHERE {Subject.AuthoredEvent(dialect)}", args, transaction))
        {
            if (JsonNode.Parse(data) is JsonObject values)
            {
                found.AddRange(values.Where(v => !CountedData.Contains(v.Key) && !choices.Contains(v.Key) && v.Value is JsonValue)
                    .Select(v => v.Value!.ToString()).Where(t => !double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _)));
            }
            if (!string.Equals(name, "SupportBot", StringComparison.Ordinal))
            {
                found.Add(name);
            }
        }
        if (connection.QuerySingleOrDefault<string>("SELECT data FROM intake_sessions WHERE user_key = @Key", args, transaction) is { } session)
        {
            var s = JsonNode.Parse(session)!;
            FromPerson(s["reporter"]);
            FromAnswers(s["answers"]);
        }
        found.AddRange(connection.Query<(string, string)>("SELECT name, email FROM learned_accounts WHERE platform = @Platform AND account_id = @Account", args, transaction)
            .SelectMany(a => new[] { a.Item1, a.Item2 }));
        found.AddRange(connection.Query<string>("SELECT set_by_name FROM desk_channels WHERE set_by = @Key", args, transaction));
        if (subject.Platform == "local")
        {
            found.AddRange(connection.Query<(string, string)>("SELECT author_name, text FROM local_messages WHERE author_id = @Account", args, transaction)
                .SelectMany(m => new[] { m.Item1, m.Item2 }));
        }
        return found;
    }

    /// <summary>Rewrites every value of the table's text <paramref name="columns"/> that holds one of the strings; returns how many rows changed.</summary>
    private static int ScrubTable(DbConnection connection, DbTransaction transaction, SqlDialect dialect, string table, List<string> columns, TextScrubber scrubber, HashSet<string> cases)
    {
        // A first sieve in SQL, in any letter case as the scrubber: each string as written, and as JSON writes it (non-ASCII letters as \u escapes); the scrubber decides.
        var sieve = scrubber.Strings.SelectMany(t => new[] { t, JsonEncodedText.Encode(t).ToString() }).Distinct(StringComparer.Ordinal)
            .Select(t => "%" + t.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%").ToList();
        var mentions = string.Join(" OR ", columns.Select(c =>
            $"EXISTS (SELECT 1 FROM {dialect.JsonStrings("@sieve", "s")} WHERE \"{c}\" {dialect.LikeIgnoringCase} s.value ESCAPE '\\')"));
        // Pending outbox rows are messages still being delivered; they are left to go out as written.
        var unsent = table == "outbox" ? " AND status <> 'pending'" : "";
        var idColumn = table == "cases" ? ", id" : table == "case_events" ? ", case_id" : ", NULL";
        var rows = 0;
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        // Locked as read (PostgreSQL), so that no other instance changes a row between its read and its rewrite.
        read.CommandText = $"SELECT {dialect.RowId}{idColumn}, {string.Join(", ", columns.Select(c => $"\"{c}\""))} FROM \"{table}\" WHERE ({mentions}){unsent}{dialect.ForUpdate}";
        var sieveParameter = read.CreateParameter();
        sieveParameter.ParameterName = "sieve";
        sieveParameter.Value = JsonSerializer.Serialize(sieve);
        read.Parameters.Add(sieveParameter);
        var updates = new List<(object RowId, string? CaseId, Dictionary<string, string> Values)>();
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < columns.Count; i++)
                {
                    if (!reader.IsDBNull(i + 2) && reader.GetValue(i + 2) is string text && scrubber.Scrub(text) is var scrubbed && scrubbed != text)
                    {
                        values[columns[i]] = scrubbed;
                    }
                }
                if (values.Count > 0)
                {
                    updates.Add((reader.GetValue(0), reader.IsDBNull(1) ? null : reader.GetString(1), values));
                }
            }
        }
        foreach (var (rowId, caseId, values) in updates)
        {
            var set = string.Join(", ", values.Keys.Select((c, i) => $"\"{c}\" = @v{i}"));
            var update = new DynamicParameters();
            update.Add("rowId", rowId);
            var n = 0;
            foreach (var value in values.Values)
            {
                update.Add($"v{n++}", value);
            }
            // A case's version moves, so that an engine step that read it before the erase is decided again.
            var version = table == "cases" ? ", version = version + 1" : "";
            rows += connection.Execute($"UPDATE \"{table}\" SET {set}{version} WHERE {dialect.RowIdIs("@rowId")}", update, transaction);
            if (caseId is not null)
            {
                cases.Add(caseId);
            }
        }
        return rows;
    }

    private static void Count(Dictionary<string, long> changed, string table, long rows)
    {
        if (rows > 0)
        {
            changed[table] = changed.GetValueOrDefault(table) + rows;
        }
    }
}

/// <summary>How many cases an erase touched, and the rows changed or removed per table.</summary>
public sealed record ErasedData(int Cases, IReadOnlyDictionary<string, long> Rows)
{
    public long TotalRows => Rows.Values.Sum();
}
