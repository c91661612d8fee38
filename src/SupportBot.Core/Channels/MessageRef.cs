namespace SupportBot.Core.Channels;

/// <summary>A message the platform accepted, so that it can be updated or pinned later.</summary>
public sealed record MessageRef(ChannelKind Channel, string ConversationId, string MessageId, string? Address = null);
