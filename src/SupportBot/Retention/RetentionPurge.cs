using System.Data.Common;
using System.Text.Json;
using Dapper;
using NodaTime;
using SupportBot.Core;
using SupportBot.Core.Policy;
using SupportBot.Storage;

namespace SupportBot.Retention;

/// <summary>
/// Removes closed cases whose closing is older than the policy's <c>retention.closed_cases</c>, with
/// everything that holds their data: the log, timers, sent and given-up outbox rows (pending ones are
/// still to be sent and stay), message and channel refs, the Slack and local copies of the messages
/// about them, their bridge channels, and their reporters' conversations with the bot up to the closing. Open and
/// resolved cases stay. Each batch is one short write transaction, so the engine never waits long;
/// a purge cut short is finished by the next, and running it twice removes nothing more.
/// </summary>
public sealed partial class RetentionPurge(IDatabase database, SupportPolicy policy, TimeProvider time, RetentionMetrics metrics, ILogger<RetentionPurge> logger)
{
    public const int BatchSize = 50;

    /// <summary>
    /// How long before a kept case opened its reporter may have been typing its intake: the local
    /// workspace's person messages that recent stay with it.
    /// </summary>
    private static readonly Duration IntakeGrace = Duration.FromDays(1);

    private readonly SqlDialect dialect = database.Dialect;

    /// <summary>The moment a case must have closed before to be purged: now less the retention period, in the policy's zone.</summary>
    public Instant Cutoff(Instant now)
    {
        var zone = policy.DisplayZone;
        return now.InZone(zone).LocalDateTime.Minus(policy.Retention.KeepClosedCasesFor).InZoneLeniently(zone).ToInstant();
    }

    public Task<PurgeSummary> RunAsync(CancellationToken ct)
    {
        var cutoff = Cutoff(time.GetCurrentInstant());
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        var cases = 0;
        var batches = 0;
        while (!ct.IsCancellationRequested)
        {
            var purged = PurgeBatch(cutoff, rows);
            if (purged == 0)
            {
                break;
            }
            cases += purged;
            batches++;
            if (purged < BatchSize)
            {
                break;
            }
        }
        Add(rows, "intake_sessions", ForgetAbandonedIntakes(cutoff));
        var summary = new PurgeSummary(cutoff, cases, batches, rows);
        metrics.Purged(summary);
        LogPurged(summary.Cases, summary.Cutoff, summary.TotalRows, summary.Tables, summary.Batches);
        return Task.FromResult(summary);
    }

    /// <summary>One batch of the oldest closed cases past the cutoff, in one transaction. Returns how many cases went.</summary>
    private int PurgeBatch(Instant cutoff, Dictionary<string, long> rows)
    {
        using var connection = database.Open();
        using var tx = database.BeginWrite(connection);
        // Locked on PostgreSQL, as SQLite's write lock does: what the batch decides on cannot change before it is deleted.
        var batch = connection.Query<CaseRow>(
            $"SELECT id AS Id, number AS Number, closed_at AS ClosedAt, {dialect.JsonText("data", "reportedIn.channel")} AS Channel, " +
            $"{dialect.JsonText("data", "reportedIn.id")} AS Conversation FROM cases " +
            $"WHERE status = 'closed' AND closed_at < @cutoff ORDER BY closed_at, id LIMIT @BatchSize{dialect.ForUpdate}",
            new { cutoff = cutoff.ToUnixTimeMilliseconds(), BatchSize }, tx).AsList();
        if (batch.Count == 0)
        {
            return 0;
        }
        var ids = JsonSerializer.Serialize(batch.Select(c => c.Id));
        var numbers = JsonSerializer.Serialize(batch.Select(c => c.Number));
        var args = new { ids, numbers };

        // Bridge channels this bot opened for the cases, with what was said in them.
        var bridges = connection.Query<(string Channel, string Conversation)>(
            $"SELECT channel, conversation_id FROM channel_refs WHERE {OwnKey("channel_refs")}", args, tx).AsList();
        foreach (var (channel, conversation) in bridges)
        {
            switch (channel)
            {
                case "local":
                    Add(rows, "local_messages", connection.Execute("DELETE FROM local_messages WHERE conversation_id = @conversation", new { conversation }, tx));
                    Add(rows, "local_members", connection.Execute("DELETE FROM local_members WHERE conversation_id = @conversation", new { conversation }, tx));
                    Add(rows, "local_conversations", connection.Execute("DELETE FROM local_conversations WHERE id = @conversation AND kind = 'channel'", new { conversation }, tx));
                    break;
                case "slack":
                    Add(rows, "slack_messages", connection.Execute("DELETE FROM slack_messages WHERE channel = @conversation", new { conversation }, tx));
                    break;
                case "teams":
                    // Only a channel created through Graph for a bridge; a thread in the desk's bridges channel is not the channel's.
                    Add(rows, "teams_channels", connection.Execute("DELETE FROM teams_channels WHERE channel_id = @conversation AND graph_team_id IS NOT NULL", new { conversation }, tx));
                    break;
            }
        }
        Add(rows, "channel_refs", connection.Execute($"DELETE FROM channel_refs WHERE {OwnKey("channel_refs")}", args, tx));

        // The platforms' copies of the bot's messages about the cases: by the keys, and by the case id every case card carries.
        Add(rows, "slack_messages", connection.Execute(
            $"DELETE FROM slack_messages WHERE EXISTS (SELECT 1 FROM message_refs WHERE {OwnKey("message_refs")} AND message_refs.channel = 'slack' " +
            "AND message_refs.conversation_id = slack_messages.channel AND message_refs.message_id = slack_messages.ts) " +
            $"OR {NamesCase("message")}", args, tx));
        Add(rows, "local_messages", connection.Execute(
            $"DELETE FROM local_messages WHERE EXISTS (SELECT 1 FROM message_refs WHERE {OwnKey("message_refs")} AND message_refs.channel = 'local' " +
            "AND message_refs.message_id = CAST(local_messages.id AS TEXT)) " +
            $"OR (author_id IS NULL AND {NamesCase("data")})", args, tx));
        Add(rows, "message_refs", connection.Execute($"DELETE FROM message_refs WHERE {OwnKey("message_refs")}", args, tx));

        foreach (var c in batch.Where(c => c.Channel is "local" or "slack" && c.Conversation is not null))
        {
            Add(rows, c.Channel == "slack" ? "slack_messages" : "local_messages", ForgetReporterConversation(connection, tx, c, ids));
        }

        Add(rows, "outbox", connection.Execute(
            $"DELETE FROM outbox WHERE status <> 'pending' AND (case_number IN (SELECT value FROM {dialect.JsonStrings("@numbers", "n")}) " +
            $"OR {NamesCase("payload")})", args, tx));
        Add(rows, "timers", connection.Execute($"DELETE FROM timers WHERE case_id IN (SELECT value FROM {BatchIds})", args, tx));
        Add(rows, "case_events", connection.Execute($"DELETE FROM case_events WHERE case_id IN (SELECT value FROM {BatchIds})", args, tx));
        Add(rows, "cases", connection.Execute($"DELETE FROM cases WHERE id IN (SELECT value FROM {BatchIds})", args, tx));
        tx.Commit();
        return batch.Count;
    }

    /// <summary>The batch's case ids (the JSON array parameter @ids) as a table b(value).</summary>
    private string BatchIds => dialect.JsonStrings("@ids", "b");

    /// <summary>A ref whose key the engine gave one of the batch's cases: they all start "case:{id}:" (qualified: json_each has a key column too).</summary>
    private string OwnKey(string table) =>
        $"EXISTS (SELECT 1 FROM {BatchIds} WHERE substr({table}.key, 1, length(b.value) + 6) = 'case:' || b.value || ':')";

    /// <summary>A row whose <paramref name="column"/> names one of the batch's case ids (unique 32-character ids, so no false match).</summary>
    private string NamesCase(string column) => $"EXISTS (SELECT 1 FROM {BatchIds} WHERE {dialect.Position(column, "b.value")} > 0)";

    /// <summary>
    /// The conversation the case was reported from, up to the case's closing, as the local workspace and
    /// Slack keep it: the intake cards, and in the local workspace what the reporter typed. What may be
    /// the intake of a case of the same conversation that is kept stays.
    /// </summary>
    private int ForgetReporterConversation(DbConnection connection, DbTransaction tx, CaseRow c, string ids)
    {
        var keptSince = connection.ExecuteScalar<long?>(
            $"SELECT min(opened_at) FROM cases WHERE {dialect.JsonText("data", "reportedIn.channel")} = @Channel " +
            $"AND {dialect.JsonText("data", "reportedIn.id")} = @Conversation AND id NOT IN (SELECT value FROM {BatchIds})",
            new { c.Channel, c.Conversation, ids }, tx);
        var before = Math.Min(c.ClosedAt + 1, keptSince is { } k ? k - (long)IntakeGrace.TotalMilliseconds : long.MaxValue);
        return c.Channel == "slack"
            ? connection.Execute("DELETE FROM slack_messages WHERE channel = @Conversation AND updated_at < @before", new { c.Conversation, before }, tx)
            : connection.Execute("DELETE FROM local_messages WHERE conversation_id = @Conversation AND created_at < @before", new { c.Conversation, before }, tx);
    }

    /// <summary>Intakes nobody finished, untouched for longer than the retention: what their reporter typed goes too.</summary>
    private int ForgetAbandonedIntakes(Instant cutoff)
    {
        var total = 0;
        while (true)
        {
            using var connection = database.Open();
            var deleted = connection.Execute(
                "DELETE FROM intake_sessions WHERE user_key IN (SELECT user_key FROM intake_sessions WHERE updated_at < @cutoff LIMIT @BatchSize)",
                new { cutoff = cutoff.ToUnixTimeMilliseconds(), BatchSize });
            total += deleted;
            if (deleted < BatchSize)
            {
                return total;
            }
        }
    }

    private static void Add(Dictionary<string, long> rows, string table, long count)
    {
        if (count > 0)
        {
            rows[table] = rows.GetValueOrDefault(table) + count;
        }
    }

    // Settable properties, not a positional record: Dapper matches constructors by column type, and a NULL json_extract has none.
    private sealed class CaseRow
    {
        public string Id { get; init; } = "";
        public string Number { get; init; } = "";
        public long ClosedAt { get; init; }
        public string? Channel { get; init; }
        public string? Conversation { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Retention purge: removed {Cases} closed cases closed before {Cutoff}, {Rows} rows ({Tables}), in {Batches} batches")]
    private partial void LogPurged(int cases, Instant cutoff, long rows, string tables, int batches);
}
