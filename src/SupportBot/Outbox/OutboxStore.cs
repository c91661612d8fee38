using System.Data.Common;
using Dapper;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Storage;

namespace SupportBot.Outbox;

/// <summary>
/// The outbox rows and the platform ids they produce (message and channel keys), on either provider.
/// Which instance works a lane is decided by <see cref="LaneLeases"/>; the holder reads the lane's
/// head, records that its send began (<see cref="MarkSendingAsync"/>) before the platform call, and
/// its outcome after. A row stays pending until its outcome is written, so a crash mid-call means it
/// is tried again, with a look before posting. Instants are unix milliseconds; retry times round up
/// so nothing runs early. Every write here shares commits with the case steps (<see cref="IDatabase.WriteAsync"/>:
/// group commit on SQLite) rather than taking the write lock and a disk sync of its own. An outcome
/// (delivered, failed, dead, abandoned) takes no cancellation token: once the platform has answered it
/// is written even while the host stops, as a cancelled write waiting for its commit would be dropped.
/// </summary>
public sealed class OutboxStore(IDatabase database)
{
    private const string Columns =
        "o.id, o.lane, o.payload, o.case_number, o.status, o.attempts, o.next_attempt_at, o.created_at, o.delivered_at, o.last_error, o.delivery, o.sending_since";

    /// <summary>For tests and system notices; the engine writes its rows in its own transaction.</summary>
    public Task<long> EnqueueAsync(Outgoing op, DateTimeOffset now, CancellationToken ct)
    {
        using var connection = database.Open();
        return Task.FromResult(Enqueue(connection, null, op, now));
    }

    /// <summary>The row format every writer uses, exposed so that a committer can share it in its own transaction.</summary>
    public static long Enqueue(DbConnection connection, DbTransaction? transaction, Outgoing op, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(op);
        return connection.ExecuteScalar<long>(
            """
            INSERT INTO outbox (lane, payload, case_number, status, attempts, next_attempt_at, created_at, delivery)
            VALUES (@Lane, @Payload, @CaseNumber, 'pending', 0, @Now, @Now, @Delivery)
            RETURNING id;
            """,
            new { op.Lane, Payload = StoreJson.Serialize(op), op.CaseNumber, Now = now.ToUnixTimeMilliseconds(), Delivery = DeliveryNames.Of(op.Delivery) },
            transaction);
    }

    /// <summary>The head of one lane if it is due; read by the instance that holds the lane's lease.</summary>
    public async Task<OutboxEntry?> DueHeadAsync(string lane, DateTimeOffset now, CancellationToken ct)
    {
        using var connection = database.Open();
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM outbox o
            WHERE o.id = (SELECT min(id) FROM outbox WHERE status = 'pending' AND lane = @Lane) AND o.next_attempt_at <= @Now;
            """,
            new { Lane = lane, Now = now.ToUnixTimeMilliseconds() },
            cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToEntry();
    }

    /// <summary>
    /// Committed just before a post goes to the platform: from now on the row may have been sent, and
    /// whichever instance next tries it (this one after a failure it saw, another after this one died)
    /// looks for it first. The first time is kept, so a look covers every earlier try.
    /// </summary>
    public Task MarkSendingAsync(long id, DateTimeOffset now, CancellationToken ct) =>
        ExecuteAsync(
            "UPDATE outbox SET sending_since = coalesce(sending_since, @Now) WHERE id = @Id AND status = 'pending';",
            new { Id = id, Now = now.ToUnixTimeMilliseconds() }, ct);

    /// <summary>
    /// Marks a row delivered and saves the platform ids it produced, in one transaction, so a key is
    /// resolvable exactly when the operation that created it counts as done.
    /// </summary>
    public Task MarkDeliveredAsync(long id, DateTimeOffset now, DeliveredRefs refs)
    {
        ArgumentNullException.ThrowIfNull(refs);
        return database.WriteAsync((connection, transaction) => MarkDelivered(connection, transaction, id, now, refs), CancellationToken.None);
    }

    /// <summary>The same in the caller's transaction, so that a committer (a seeding tool) can share one commit between many rows.</summary>
    public static int MarkDelivered(DbConnection connection, DbTransaction transaction, long id, DateTimeOffset now, DeliveredRefs refs)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(refs);
        connection.Execute(
            "UPDATE outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = @Now WHERE id = @Id AND status = 'pending';",
            new { Id = id, Now = now.ToUnixTimeMilliseconds() }, transaction);
        foreach (var (key, message) in refs.Messages)
        {
            connection.Execute(
                """
                INSERT INTO message_refs (key, channel, conversation_id, message_id, address) VALUES (@Key, @Channel, @ConversationId, @MessageId, @Address)
                ON CONFLICT(key) DO UPDATE SET channel = excluded.channel, conversation_id = excluded.conversation_id,
                    message_id = excluded.message_id, address = excluded.address;
                """,
                new { Key = key, Channel = message.Channel.Id(), message.ConversationId, message.MessageId, message.Address }, transaction);
        }
        foreach (var (key, channel) in refs.Channels)
        {
            connection.Execute(
                """
                INSERT INTO channel_refs (key, channel, conversation_id, address) VALUES (@Key, @Channel, @ConversationId, @Address)
                ON CONFLICT(key) DO UPDATE SET channel = excluded.channel, conversation_id = excluded.conversation_id, address = excluded.address;
                """,
                new { Key = key, Channel = channel.Channel.Id(), ConversationId = channel.Id, channel.Address }, transaction);
        }
        return refs.Messages.Count + refs.Channels.Count;
    }

    /// <param name="sendingSince">
    /// The row's <see cref="OutboxEntry.SendingSince"/> before this attempt: a failure the dispatcher saw is
    /// an outcome, not a crash, so only what an earlier, unfinished attempt left makes the next one look first.
    /// </param>
    public Task RecordFailureAsync(long id, DateTimeOffset nextAttemptAt, string error, DateTimeOffset? sendingSince) =>
        ExecuteAsync(
            """
            UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @Next, last_error = @Error, sending_since = @SendingSince
            WHERE id = @Id AND status = 'pending';
            """,
            new { Id = id, Next = CeilingMilliseconds(nextAttemptAt), Error = error, SendingSince = sendingSince?.ToUnixTimeMilliseconds() },
            CancellationToken.None);

    public Task MarkDeadAsync(long id, string reason) =>
        ExecuteAsync(
            "UPDATE outbox SET status = 'dead', attempts = attempts + 1, last_error = @Reason WHERE id = @Id AND status = 'pending';",
            new { Id = id, Reason = reason }, CancellationToken.None);

    /// <summary>An at-most-once operation whose send may have happened: never tried again.</summary>
    public Task MarkAbandonedAsync(long id, string reason) =>
        ExecuteAsync(
            "UPDATE outbox SET status = 'abandoned', attempts = attempts + 1, last_error = @Reason WHERE id = @Id AND status = 'pending';",
            new { Id = id, Reason = reason }, CancellationToken.None);

    /// <summary>
    /// Just before a page is sent: cancels it (and whatever else its case no longer awaits) when the
    /// case has moved on since the row was read. True when the row may go.
    /// </summary>
    public Task<bool> StillAwaitedAsync(OutboxEntry entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var dialect = database.Dialect;
        return database.WriteAsync((connection, transaction) =>
        {
            var data = connection.ExecuteScalar<string?>("SELECT data FROM cases WHERE number = @number", new { number = entry.CaseNumber }, transaction);
            if (data is not null)
            {
                PageCancellation.CancelUnawaited(connection, transaction, dialect, StoreJson.Deserialize<Core.Cases.CaseRecord>(data));
            }
            return connection.ExecuteScalar<string?>("SELECT status FROM outbox WHERE id = @Id", new { entry.Id }, transaction) == OutboxEntry.Pending;
        }, ct);
    }

    public async Task<OutboxEntry?> FindAsync(long id, CancellationToken ct)
    {
        using var connection = database.Open();
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM outbox o WHERE o.id = @Id;", new { Id = id }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToEntry();
    }

    public async Task<MessageRef?> FindMessageAsync(string key, CancellationToken ct)
    {
        using var connection = database.Open();
        var row = await connection.QuerySingleOrDefaultAsync<MessageRefRow>(new CommandDefinition(
            "SELECT channel, conversation_id, message_id, address FROM message_refs WHERE key = @Key;",
            new { Key = key }, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : new MessageRef(ChannelKinds.Parse(row.Channel), row.Conversation_Id, row.Message_Id, row.Address);
    }

    /// <summary>A channel this bot created, by the key its <see cref="CreateChannel"/> named.</summary>
    public async Task<ConversationRef?> FindChannelAsync(string key, CancellationToken ct)
    {
        using var connection = database.Open();
        var row = await connection.QuerySingleOrDefaultAsync<ChannelRefRow>(new CommandDefinition(
            "SELECT channel, conversation_id, address FROM channel_refs WHERE key = @Key;",
            new { Key = key }, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : new ConversationRef(ChannelKinds.Parse(row.Channel), row.Conversation_Id, IsDirect: false, row.Address);
    }

    /// <summary>
    /// Whether a pending row still names this key (a post that will save a message key, a create that will
    /// save a channel key). When none does, an operation waiting for the key would wait for ever.
    /// </summary>
    public async Task<bool> KeyStillComingAsync(string jsonKeyProperty, string key, CancellationToken ct)
    {
        // Only operations that save a key count: an update names the key too, but never creates it.
        var creators = jsonKeyProperty switch
        {
            "channelKey" => "('create-channel')",
            "messageKey" => "('post', 'post-to-channel', 'direct')",
            _ => throw new ArgumentOutOfRangeException(nameof(jsonKeyProperty), jsonKeyProperty, "Keys are channelKey or messageKey."),
        };
        var dialect = database.Dialect;
        using var connection = database.Open();
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM outbox WHERE status = 'pending' " +
            $"AND {dialect.JsonText("payload", "op")} IN {creators} AND {dialect.JsonText("payload", jsonKeyProperty)} = @key);",
            new { key }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>Synchronous because observable gauges read it from the metrics collection callback.</summary>
    public OutboxCounts Counts()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT (SELECT count(*) FROM outbox WHERE status = 'pending'),
                   (SELECT min(created_at) FROM outbox WHERE status = 'pending'),
                   (SELECT count(*) FROM outbox WHERE status = 'dead');
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return new OutboxCounts(
            reader.GetInt64(0), reader.IsDBNull(1) ? null : FromMs(reader.GetInt64(1)), reader.GetInt64(2));
    }

    private Task<int> ExecuteAsync(string sql, object parameters, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) => connection.Execute(sql, parameters, transaction), ct);

    private static long CeilingMilliseconds(DateTimeOffset at)
    {
        var ms = at.ToUnixTimeMilliseconds();
        return at.UtcTicks % TimeSpan.TicksPerMillisecond == 0 ? ms : ms + 1;
    }

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private sealed record Row(
        long Id, string Lane, string Payload, string? Case_Number, string Status, long Attempts,
        long Next_Attempt_At, long Created_At, long? Delivered_At, string? Last_Error, string Delivery, long? Sending_Since)
    {
        public OutboxEntry ToEntry() => new(
            Id, Lane, Payload, Case_Number, Status, (int)Attempts, FromMs(Next_Attempt_At), FromMs(Created_At),
            Delivered_At is { } d ? FromMs(d) : null, Last_Error, DeliveryNames.Parse(Delivery), Sending_Since is { } s ? FromMs(s) : null);
    }

    private sealed record MessageRefRow(string Channel, string Conversation_Id, string Message_Id, string? Address);

    private sealed record ChannelRefRow(string Channel, string Conversation_Id, string? Address);
}
