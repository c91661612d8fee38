using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using SupportBot.Core.Channels;
using SupportBot.Storage;

namespace SupportBot.Local;

/// <summary>
/// The local workspace platform: conversations, members and bot messages kept in the store, which a
/// web page renders. It fails like a real platform would (unknown ids, archived channels), always
/// permanently, so the outbox treats it exactly as it treats Teams and Slack. Every committed change
/// is published on <see cref="Feed"/> for the page's live stream.
/// </summary>
public sealed partial class LocalChannel(IDatabase database, TimeProvider time) : IChatChannel
{
    public ChannelKind Kind => ChannelKind.Local;

    public LocalFeed Feed { get; } = new();

    /// <summary>Creates a conversation if it does not exist (the triage channel, a person's DM); for the host and the web page.</summary>
    public Task EnsureConversationAsync(string id, string name, bool isDirect, CancellationToken ct)
    {
        using var connection = database.Open();
        if (EnsureConversation(connection, null, id, name, isDirect))
        {
            Feed.Publish(LocalChange.Conversation(id));
        }
        return Task.CompletedTask;
    }

    /// <summary>Keeps what a person wrote in a conversation, so that the page shows it beside the bot's answer.</summary>
    public Task<long> AddPersonMessageAsync(string conversationId, UserRef author, string text, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(author);
        using var connection = database.Open();
        using var transaction = database.BeginWrite(connection);
        RequireOpen(connection, transaction, conversationId);
        var id = connection.ExecuteScalar<long>(
            """
            INSERT INTO local_messages (conversation_id, template, data, text, pinned, created_at, updated_at, author_id, author_name)
            VALUES (@ConversationId, '', '{}', @Text, 0, @Now, @Now, @AuthorId, @AuthorName) RETURNING id;
            """,
            new { ConversationId = conversationId, Text = text, Now = Now(), AuthorId = author.Id, AuthorName = author.Name }, transaction);
        transaction.Commit();
        Feed.Publish(LocalChange.Message(conversationId, id));
        return Task.FromResult(id);
    }

    public Task<MessageRef> PostAsync(ConversationRef conversation, OutboundMessage message, CancellationToken ct) =>
        Task.FromResult(Post(conversation, message, tag: null));

    private MessageRef Post(ConversationRef conversation, OutboundMessage message, string? tag)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (conversation.Channel != ChannelKind.Local)
        {
            throw Permanent($"{conversation.Channel.Id()} conversation sent to the local workspace");
        }
        using var connection = database.Open();
        using var transaction = database.BeginWrite(connection);
        RequireOpen(connection, transaction, conversation.Id);
        var posted = Append(connection, transaction, conversation.Id, message, tag);
        transaction.Commit();
        Published(posted);
        return posted;
    }

    public Task UpdateAsync(MessageRef message, OutboundMessage replacement, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        using var connection = database.Open();
        using var transaction = database.BeginWrite(connection);
        var id = RequireMessage(connection, transaction, message);
        connection.Execute(
            "UPDATE local_messages SET template = @Template, data = @Data, text = @Text, updated_at = @Now WHERE id = @Id;",
            new { Id = id, replacement.Template, Data = replacement.Data.ToJsonString(), replacement.Text, Now = Now() }, transaction);
        transaction.Commit();
        Feed.Publish(LocalChange.Message(message.ConversationId, id));
        return Task.CompletedTask;
    }

    public Task<MessageRef> SendDirectAsync(UserRef user, OutboundMessage message, CancellationToken ct) =>
        Task.FromResult(SendDirect(user, message, tag: null));

    private MessageRef SendDirect(UserRef user, OutboundMessage message, string? tag)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Channel != ChannelKind.Local)
        {
            throw Permanent($"{user.Channel.Id()} user sent to the local workspace");
        }
        var id = LocalConversation.DirectId(user.Id);
        using var connection = database.Open();
        using var transaction = database.BeginWrite(connection);
        var changed = EnsureConversation(connection, transaction, id, user.Name, isDirect: true);
        changed |= AddMember(connection, transaction, id, user.Id);
        var posted = Append(connection, transaction, id, message, tag);
        transaction.Commit();
        if (changed)
        {
            Feed.Publish(LocalChange.Conversation(id));
        }
        Published(posted);
        return posted;
    }

    public Task<ConversationRef> CreateChannelAsync(string name, string topic, CancellationToken ct)
    {
        using var connection = database.Open();
        using var transaction = database.BeginWrite(connection);
        // Two bridges named alike at once still get different ids: SQLite's write lock keeps them apart;
        // on PostgreSQL the insert of an id another instance just took does nothing, and the next free one is tried.
        string id;
        do
        {
            id = LocalChannelNames.Unique(LocalChannelNames.Slug(name), candidate => Find(connection, transaction, candidate) is not null);
        }
        while (connection.Execute(
            "INSERT INTO local_conversations (id, kind, name, topic, archived, created_at) VALUES (@Id, 'channel', @Name, @Topic, 0, @Now) ON CONFLICT (id) DO NOTHING;",
            new { Id = id, Name = name, Topic = topic, Now = Now() }, transaction) == 0);
        transaction.Commit();
        Feed.Publish(LocalChange.Conversation(id));
        return Task.FromResult(new ConversationRef(ChannelKind.Local, id, IsDirect: false));
    }

    public Task InviteAsync(ConversationRef channel, IReadOnlyList<UserRef> users, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(users);
        using var connection = database.Open();
        using var transaction = database.BeginWrite(connection);
        RequireOpen(connection, transaction, channel.Id);
        var changed = false;
        foreach (var user in users)
        {
            changed |= AddMember(connection, transaction, channel.Id, user.Id);
        }
        transaction.Commit();
        if (changed)
        {
            Feed.Publish(LocalChange.Conversation(channel.Id));
        }
        return Task.CompletedTask;
    }

    public Task PinAsync(MessageRef message, CancellationToken ct)
    {
        using var connection = database.Open();
        using var transaction = database.BeginWrite(connection);
        var id = RequireMessage(connection, transaction, message);
        connection.Execute("UPDATE local_messages SET pinned = 1 WHERE id = @Id;", new { Id = id }, transaction);
        transaction.Commit();
        Feed.Publish(LocalChange.Message(message.ConversationId, id));
        return Task.CompletedTask;
    }

    /// <summary>Archiving twice is fine: a retried archive must not fail on its own first success.</summary>
    public Task ArchiveAsync(ConversationRef channel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        using var connection = database.Open();
        var changed = connection.Execute("UPDATE local_conversations SET archived = 1 WHERE id = @Id AND archived = 0;", new { channel.Id });
        if (changed == 0 && Find(connection, null, channel.Id) is null)
        {
            throw Permanent($"unknown conversation {channel.Id}");
        }
        if (changed > 0)
        {
            Feed.Publish(LocalChange.Conversation(channel.Id));
        }
        return Task.CompletedTask;
    }

    public IReadOnlyList<LocalMessage> Messages(string conversationId)
    {
        using var connection = database.Open();
        return [.. connection.Query<MessageRow>(MessageColumns + " WHERE conversation_id = @Id ORDER BY id;", new { Id = conversationId }).Select(ToMessage)];
    }

    public LocalMessage? Message(long id)
    {
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<MessageRow>(MessageColumns + " WHERE id = @Id;", new { Id = id }) is { } row ? ToMessage(row) : null;
    }

    public LocalConversation? Conversation(string id)
    {
        using var connection = database.Open();
        return Find(connection, null, id);
    }

    public IReadOnlyList<LocalConversation> Conversations()
    {
        using var connection = database.Open();
        return [.. connection.Query<string>("SELECT id FROM local_conversations ORDER BY created_at, id;").Select(id => Find(connection, null, id)!)];
    }

    private const string MessageColumns =
        "SELECT id, conversation_id, template, data, text, pinned, created_at, updated_at, author_id, author_name FROM local_messages";

    private static LocalMessage ToMessage(MessageRow r) => new(
        r.Id, r.Conversation_Id, r.Template, JsonNode.Parse(r.Data)?.AsObject() ?? [], r.Text, r.Pinned != 0, At(r.Created_At), At(r.Updated_At),
        r.Author_Id is null ? null : new LocalUser(r.Author_Id, r.Author_Name));

    private void Published(MessageRef posted) =>
        Feed.Publish(LocalChange.Message(posted.ConversationId, long.Parse(posted.MessageId, CultureInfo.InvariantCulture)));

    /// <returns>Whether the conversation is new.</returns>
    private bool EnsureConversation(DbConnection connection, DbTransaction? transaction, string id, string name, bool isDirect) =>
        connection.Execute(
            "INSERT INTO local_conversations (id, kind, name, archived, created_at) VALUES (@Id, @Kind, @Name, 0, @Now) ON CONFLICT(id) DO NOTHING;",
            new { Id = id, Kind = isDirect ? LocalConversation.DirectKind : LocalConversation.ChannelKind, Name = name, Now = Now() }, transaction) > 0;

    /// <returns>Whether the person was not a member before.</returns>
    private static bool AddMember(DbConnection connection, DbTransaction transaction, string conversationId, string userId) =>
        connection.Execute(
            "INSERT INTO local_members (conversation_id, user_id) VALUES (@ConversationId, @UserId) ON CONFLICT DO NOTHING;",
            new { ConversationId = conversationId, UserId = userId }, transaction) > 0;

    private MessageRef Append(DbConnection connection, DbTransaction transaction, string conversationId, OutboundMessage message, string? tag)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = connection.ExecuteScalar<long>(
            """
            INSERT INTO local_messages (conversation_id, template, data, text, pinned, created_at, updated_at, outbox_tag)
            VALUES (@ConversationId, @Template, @Data, @Text, 0, @Now, @Now, @Tag) RETURNING id;
            """,
            new { ConversationId = conversationId, message.Template, Data = message.Data.ToJsonString(), message.Text, Now = Now(), Tag = tag }, transaction);
        return new MessageRef(ChannelKind.Local, conversationId, id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The conversation exists and is not archived; on PostgreSQL its row stays locked until the commit, so an archive on another instance waits.</summary>
    private void RequireOpen(DbConnection connection, DbTransaction transaction, string conversationId)
    {
        var archived = connection.QuerySingleOrDefault<long?>(
            $"SELECT archived FROM local_conversations WHERE id = @Id{database.Dialect.ForUpdate};", new { Id = conversationId }, transaction)
            ?? throw Permanent($"unknown conversation {conversationId}");
        if (archived != 0)
        {
            throw Permanent("channel is archived");
        }
    }

    private long RequireMessage(DbConnection connection, DbTransaction transaction, MessageRef message)
    {
        ArgumentNullException.ThrowIfNull(message);
        long id = 0;
        var known = message.Channel == ChannelKind.Local
            && long.TryParse(message.MessageId, NumberStyles.None, CultureInfo.InvariantCulture, out id)
            && connection.ExecuteScalar<long>(
                "SELECT count(*) FROM local_messages WHERE id = @Id AND conversation_id = @ConversationId;",
                new { Id = id, message.ConversationId }, transaction) == 1;
        if (!known)
        {
            throw Permanent($"unknown message {message.MessageId} in {message.ConversationId}");
        }
        RequireOpen(connection, transaction, message.ConversationId);
        return id;
    }

    private static LocalConversation? Find(DbConnection connection, DbTransaction? transaction, string id)
    {
        var row = connection.QuerySingleOrDefault<ConversationRow>(
            "SELECT id, kind, name, topic, archived, created_at FROM local_conversations WHERE id = @Id;", new { Id = id }, transaction);
        if (row is null)
        {
            return null;
        }
        var members = connection.Query<string>(
            "SELECT user_id FROM local_members WHERE conversation_id = @Id ORDER BY user_id;", new { Id = id }, transaction).AsList();
        return new LocalConversation(row.Id, row.Kind == LocalConversation.DirectKind, row.Name, row.Topic, row.Archived != 0, At(row.Created_At), members);
    }

    private static ChannelException Permanent(string reason) => new(ChannelFailure.Permanent, reason);

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private sealed record ConversationRow(string Id, string Kind, string Name, string? Topic, long Archived, long Created_At);

    private sealed record MessageRow(
        long Id, string Conversation_Id, string Template, string Data, string Text, long Pinned, long Created_At, long Updated_At,
        string? Author_Id, string? Author_Name);
}
