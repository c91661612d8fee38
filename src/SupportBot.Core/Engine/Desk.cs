using SupportBot.Core.Channels;

namespace SupportBot.Core.Engine;

/// <summary>
/// Where the desk's shared conversations are: the triage channel (a card per case) and the
/// managers' channel (reports). Null when not configured: the engine then posts nothing there.
/// </summary>
public sealed record Desk(ConversationRef? Triage, ConversationRef? Managers)
{
    /// <summary>Platforms people are reached on directly (pages); by default the triage channel's.</summary>
    public IReadOnlyList<ChannelKind> Platforms { get; init; } = Triage is { } triage ? [triage.Channel] : [];

    /// <summary>Where Severity 1 bridges are opened: the desk's platform, else the reporter's.</summary>
    public ChannelKind BridgePlatform(ChannelKind reportedOn) => Triage?.Channel ?? reportedOn;
}
