namespace SupportBot.Core.Channels;

/// <summary>
/// A person on a platform. <see cref="Key"/> is how the store and the policy refer to them.
/// <see cref="TimeZone"/> is the IANA zone the platform reports for them, when it does.
/// </summary>
public sealed record UserRef(ChannelKind Channel, string Id, string Name, string? Address = null, string? TimeZone = null)
{
    public string Key => $"{Channel.Id()}:{Id}";

    /// <summary>Direct messages to one person are one ordered lane.</summary>
    public string DirectLane => $"{Channel.Id()}:dm:{Id}";
}
