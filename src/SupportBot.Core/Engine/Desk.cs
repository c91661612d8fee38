using SupportBot.Core.Channels;

namespace SupportBot.Core.Engine;

/// <summary>
/// Where the desk's shared conversations are: the triage channel (a card per case), the managers'
/// channel (reports) and the bridges channel (where a platform that opens Severity 1 bridges as
/// threads starts them). Null when not set: the engine then posts nothing there.
/// </summary>
public sealed record Desk(ConversationRef? Triage, ConversationRef? Managers)
{
    /// <summary>Platforms people are reached on directly (pages); by default the triage channel's.</summary>
    public IReadOnlyList<ChannelKind> Platforms { get; init; } = Triage is { } triage ? [triage.Channel] : [];

    public ConversationRef? Bridges { get; init; }

    /// <summary>Where the daily policy warnings go; null: the managers' channel (<see cref="AdminsOrManagers"/>).</summary>
    public ConversationRef? Admins { get; init; }

    public ConversationRef? AdminsOrManagers => Admins ?? Managers;

    /// <summary>Where Severity 1 bridges are opened: the bridges channel's platform, else the triage channel's, else the reporter's.</summary>
    public ChannelKind BridgePlatform(ChannelKind reportedOn) => Bridges?.Channel ?? Triage?.Channel ?? reportedOn;

    public ConversationRef? Channel(DeskRole role) => role switch
    {
        DeskRole.Triage => Triage,
        DeskRole.Bridges => Bridges,
        DeskRole.Managers => Managers,
        DeskRole.Admins => Admins,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>This desk with registrations made in chat laid over it: a registration replaces what configuration said.</summary>
    public Desk With(IEnumerable<DeskRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        var desk = this;
        foreach (var r in registrations)
        {
            desk = r.Role switch
            {
                DeskRole.Triage => desk with { Triage = r.Channel },
                DeskRole.Bridges => desk with { Bridges = r.Channel },
                DeskRole.Managers => desk with { Managers = r.Channel },
                DeskRole.Admins => desk with { Admins = r.Channel },
                _ => desk,
            };
        }
        return desk;
    }
}
