using SupportBot.Core.Channels;

namespace SupportBot.Outbox;

/// <summary>The keys an operation named and the platform ids it got for them.</summary>
public sealed class DeliveredRefs
{
    public Dictionary<string, MessageRef> Messages { get; } = [];
    public Dictionary<string, ConversationRef> Channels { get; } = [];
}
