using System.Text.Json.Serialization;
using SupportBot.Core.Channels;

namespace SupportBot.Core.Engine;

/// <summary>
/// A platform operation to perform later, through the outbox. Operations in one <see cref="Lane"/>
/// are delivered in order. Keys name messages and channels whose platform ids are only known once
/// an earlier operation has been delivered (a card posted now, updated later).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "op")]
[JsonDerivedType(typeof(PostMessage), "post")]
[JsonDerivedType(typeof(PostToChannel), "post-to-channel")]
[JsonDerivedType(typeof(UpdateMessage), "update")]
[JsonDerivedType(typeof(DirectMessage), "direct")]
[JsonDerivedType(typeof(CreateChannel), "create-channel")]
[JsonDerivedType(typeof(InviteToChannel), "invite")]
[JsonDerivedType(typeof(PinMessage), "pin")]
[JsonDerivedType(typeof(ArchiveChannel), "archive")]
public abstract record Outgoing(string Lane)
{
    /// <summary>The case this is about, for logs and dead-letter notices.</summary>
    public string? CaseNumber { get; init; }

    /// <summary>What a send whose outcome is unknown (a timeout after the request left) should do.</summary>
    public DeliveryClass Delivery { get; init; }

    public static string ChannelLane(string channelKey) => $"channel:{channelKey}";
}

/// <summary>
/// How the outbox treats a send that may or may not have happened. Pages are worth a duplicate
/// rather than a miss; everything else (confirmations, chatter) is better missed than doubled.
/// </summary>
public enum DeliveryClass
{
    /// <summary>Not tried again after an ambiguous failure; retried only when it clearly did not happen.</summary>
    AtMostOnce,

    /// <summary>Tried again after any failure that is not permanent.</summary>
    AtLeastOnce,
}

public sealed record PostMessage(ConversationRef To, OutboundMessage Message, string? MessageKey) : Outgoing(To.Lane)
{
    /// <summary>
    /// A reply to <paramref name="who"/> where they wrote. In a direct conversation it takes their direct
    /// lane: it is the same chat as the <see cref="DirectMessage"/>s they get, and one lane keeps their order.
    /// </summary>
    public static PostMessage Reply(ConversationRef where, UserRef who, OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(where);
        ArgumentNullException.ThrowIfNull(who);
        var post = new PostMessage(where, message, null);
        return where.IsDirect && who.Channel == where.Channel ? post with { Lane = who.DirectLane } : post;
    }
}

/// <summary>Post to a channel this bot created earlier (<see cref="CreateChannel"/>), known by its key.</summary>
public sealed record PostToChannel(string ChannelKey, OutboundMessage Message, string? MessageKey) : Outgoing(ChannelLane(ChannelKey));

public sealed record UpdateMessage(string MessageKey, string MessageLane, OutboundMessage Message) : Outgoing(MessageLane);

public sealed record DirectMessage(UserRef To, OutboundMessage Message, string? MessageKey) : Outgoing(To.DirectLane);

public sealed record CreateChannel(ChannelKind Channel, string ChannelKey, string Name, string Topic) : Outgoing(ChannelLane(ChannelKey));

public sealed record InviteToChannel(string ChannelKey, IReadOnlyList<UserRef> Users) : Outgoing(ChannelLane(ChannelKey));

public sealed record PinMessage(string MessageKey, string MessageLane) : Outgoing(MessageLane);

public sealed record ArchiveChannel(string ChannelKey) : Outgoing(ChannelLane(ChannelKey));
