using System.Globalization;
using Dapper;
using SupportBot.Core.Channels;
using SupportBot.Outbox;

namespace SupportBot.Local;

/// <summary>
/// Bot messages carry the outbox row they deliver (<c>local_messages.outbox_tag</c>), so a row the
/// previous process posted just before it died is found instead of shown twice. The post is committed
/// in the workspace's own transaction, so a message either exists with its tag or not at all.
/// </summary>
public sealed partial class LocalChannel : ITaggedPosts
{
    public Task<MessageRef> PostAsync(ConversationRef conversation, OutboundMessage message, string tag, CancellationToken ct) =>
        Task.FromResult(Post(conversation, message, tag));

    public Task<MessageRef> SendDirectAsync(UserRef user, OutboundMessage message, string tag, CancellationToken ct) =>
        Task.FromResult(SendDirect(user, message, tag));

    /// <summary>
    /// Outbox ids are never reused (AUTOINCREMENT), so the tag alone identifies the post; <paramref name="since"/>
    /// narrows nothing here. The conversation must still match: the tag belongs to the row's destination.
    /// </summary>
    public Task<MessageRef?> FindAsync(ConversationRef conversation, OutboundMessage message, string tag, DateTimeOffset since, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return Task.FromResult(conversation.Channel == ChannelKind.Local ? Find(conversation.Id, tag) : null);
    }

    public Task<MessageRef?> FindDirectAsync(UserRef user, OutboundMessage message, string tag, DateTimeOffset since, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Task.FromResult(user.Channel == ChannelKind.Local ? Find(LocalConversation.DirectId(user.Id), tag) : null);
    }

    private MessageRef? Find(string conversationId, string tag)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        using var connection = database.Open();
        var id = connection.QueryFirstOrDefault<long?>(
            "SELECT id FROM local_messages WHERE conversation_id = @ConversationId AND outbox_tag = @Tag ORDER BY id LIMIT 1;",
            new { ConversationId = conversationId, Tag = tag });
        return id is { } found ? new MessageRef(ChannelKind.Local, conversationId, found.ToString(CultureInfo.InvariantCulture)) : null;
    }
}
