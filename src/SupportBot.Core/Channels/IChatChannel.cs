namespace SupportBot.Core.Channels;

/// <summary>
/// The platform port. Every adapter (Teams, Slack, local workspace) implements all of it; the
/// outbox dispatcher is its only caller. Failures are reported as <see cref="ChannelException"/>.
/// </summary>
public interface IChatChannel
{
    ChannelKind Kind { get; }

    Task<MessageRef> PostAsync(ConversationRef conversation, OutboundMessage message, CancellationToken ct);

    Task UpdateAsync(MessageRef message, OutboundMessage replacement, CancellationToken ct);

    Task<MessageRef> SendDirectAsync(UserRef user, OutboundMessage message, CancellationToken ct);

    Task<ConversationRef> CreateChannelAsync(string name, string topic, CancellationToken ct);

    Task InviteAsync(ConversationRef channel, IReadOnlyList<UserRef> users, CancellationToken ct);

    Task PinAsync(MessageRef message, CancellationToken ct);

    Task ArchiveAsync(ConversationRef channel, CancellationToken ct);
}
