namespace SupportBot.Core.Channels;

/// <summary>
/// Where a message goes. Platform ids are opaque to the core; <see cref="Address"/> carries whatever
/// else the adapter needs to reach it again (Teams: the service URL), also opaque.
/// </summary>
public sealed record ConversationRef(ChannelKind Channel, string Id, bool IsDirect, string? Address = null)
{
    /// <summary>Outbox lane: messages in one lane are delivered in order.</summary>
    public string Lane => $"{Channel.Id()}:{Id}";
}
