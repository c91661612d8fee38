using System.Text.Json.Serialization;

namespace SupportBot.Core.Channels;

/// <summary>
/// A person on a platform. <see cref="Key"/> is how the store and the policy refer to them.
/// <see cref="TimeZone"/> is the IANA zone the platform reports for them, when it does;
/// <see cref="Email"/> is the address the platform's directory gives them, when it does (it is how a
/// policy person is recognised on a platform where the policy lists no account for them). Neither
/// is part of <see cref="Key"/>: the same account is the same person whatever the platform told us.
/// <para>
/// A ref with an empty <see cref="Id"/> and an <see cref="Email"/> is addressed <em>by email</em>
/// (<see cref="ByEmail(ChannelKind, string, string)"/>): the adapter finds the account at delivery.
/// </para>
/// </summary>
public sealed record UserRef(ChannelKind Channel, string Id, string Name, string? Address = null, string? TimeZone = null, string? Email = null)
{
    public string Key => IsByEmail ? $"{Channel.Id()}:email:{Email!.ToLowerInvariant()}" : $"{Channel.Id()}:{Id}";

    /// <summary>Direct messages to one person are one ordered lane.</summary>
    public string DirectLane => IsByEmail ? $"{Channel.Id()}:dm:email:{Email!.ToLowerInvariant()}" : $"{Channel.Id()}:dm:{Id}";

    /// <summary>Whether the platform account is still to be found from <see cref="Email"/>.</summary>
    [JsonIgnore]
    public bool IsByEmail => Id.Length == 0 && !string.IsNullOrWhiteSpace(Email);

    /// <summary>Someone to reach on <paramref name="channel"/> whose account there is known only by their email.</summary>
    public static UserRef ByEmail(ChannelKind channel, string email, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        return new(channel, "", name, Email: email.Trim());
    }
}
