using SupportBot.Core.Channels;

namespace SupportBot.Outbox;

/// <summary>
/// A platform whose posts can carry the id of the outbox row they deliver, and be found again by it.
/// A row that another attempt may have posted already (its instance died between the platform's answer
/// and the commit recording it) is then looked up instead of posted twice: exactly once across a crash.
/// </summary>
public interface ITaggedPosts
{
    Task<MessageRef> PostAsync(ConversationRef conversation, OutboundMessage message, string tag, CancellationToken ct);

    Task<MessageRef> SendDirectAsync(UserRef user, OutboundMessage message, string tag, CancellationToken ct);

    /// <summary>The message posted with <paramref name="tag"/> since <paramref name="since"/>, or null when there is none.</summary>
    Task<MessageRef?> FindAsync(ConversationRef conversation, OutboundMessage message, string tag, DateTimeOffset since, CancellationToken ct);

    /// <summary>As <see cref="FindAsync"/>, in the direct conversation with <paramref name="user"/>.</summary>
    Task<MessageRef?> FindDirectAsync(UserRef user, OutboundMessage message, string tag, DateTimeOffset since, CancellationToken ct);
}
