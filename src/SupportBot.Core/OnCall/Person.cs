using NodaTime;
using SupportBot.Core.Channels;
using SupportBot.Core.Sla;

namespace SupportBot.Core.OnCall;

/// <summary>
/// A contact. <see cref="Accounts"/> maps a platform ("teams", "slack", "local") to the person's id there.
/// <see cref="WorkingHours"/> is their local day, used by follow-the-sun selection; <see cref="Region"/>
/// (a value of the intake's region question) is the part of the queue they take over at a hand-off.
/// </summary>
public sealed record Person(
    string Id,
    string Name,
    string? Email,
    string? Phone,
    DateTimeZone Zone,
    IReadOnlyDictionary<string, string> Accounts,
    WorkCalendar? WorkingHours)
{
    public string? Region { get; init; }

    /// <summary>
    /// Where a direct message to this person goes on <paramref name="platform"/>: their account there
    /// when the policy lists one, else their email for the adapter to resolve at delivery (on
    /// platforms that can find people by email), else nowhere. Someone the policy maps on one of those
    /// platforms is reached there only: guessing them on the other would page into a chat they may
    /// never have opened, and every page would end as a dead letter.
    /// </summary>
    public UserRef? On(ChannelKind platform)
    {
        if (Accounts.TryGetValue(platform.Id(), out var account))
        {
            return new UserRef(platform, account, Name);
        }
        var mappedElsewhere = Accounts.Keys.Any(p => p is "slack" or "teams");
        return platform.FindsPeopleByEmail() && !mappedElsewhere && !string.IsNullOrWhiteSpace(Email) ? UserRef.ByEmail(platform, Email, Name) : null;
    }
}
