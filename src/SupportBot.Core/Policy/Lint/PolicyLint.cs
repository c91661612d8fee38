using NodaTime;
using SupportBot.Core.OnCall;
using SupportBot.Core.Sla;

namespace SupportBot.Core.Policy.Lint;

/// <summary>
/// The pre-flight lint: what a valid policy would get wrong in the next eight weeks from
/// <paramref name="now"/>. Pure: the same policy and instant give the same findings, in a stable order.
/// </summary>
public static class PolicyLint
{
    /// <summary>How far ahead rotas, working hours and calendars are walked.</summary>
    public static readonly Duration Horizon = Duration.FromDays(56);

    public static IReadOnlyList<LintFinding> Check(SupportPolicy policy, Instant now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var findings = new List<LintFinding>();
        findings.AddRange(CoverageLint.Gaps(policy, now, now + Horizon));
        findings.AddRange(ContactsLint.EmptyRoles(policy));
        findings.AddRange(ContactsLint.UnreachablePeople(policy));
        findings.AddRange(ContactsLint.LadderDeadEnds(policy));
        findings.AddRange(TargetLint.OutsideCalendars(policy, now, now + Horizon));
        return findings;
    }

    /// <summary>Whether the bot can reach the person on Teams or Slack: an id there, or an email to look them up by.</summary>
    public static bool Reachable(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person.Accounts.ContainsKey("teams") || person.Accounts.ContainsKey("slack") || !string.IsNullOrWhiteSpace(person.Email);
    }

    internal static string Format(SupportPolicy policy, Instant at) =>
        at.InZone(policy.DisplayZone).ToString("ddd d MMM HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
