namespace SupportBot.Core.Policy.Lint;

/// <summary>
/// A warning about a valid policy: something that would fail at 3 a.m. <see cref="Code"/> is stable
/// (see <see cref="LintCodes"/>), <see cref="Location"/> names the policy entry, <see cref="Message"/>
/// is one plain sentence. Two findings with the same <see cref="Key"/> are the same problem.
/// </summary>
public sealed record LintFinding(string Code, string Location, string Message)
{
    /// <summary>What identifies the problem across days (the message carries dates that move).</summary>
    public string Key => $"{Code} {Location}";

    public override string ToString() => $"warning {Code} at {Location}: {Message}";
}

/// <summary>The finding codes; they are part of the command line's output and never change meaning.</summary>
public static class LintCodes
{
    /// <summary>A ladder role has times in the next eight weeks with nobody on duty (rota weeks without anyone, hours nobody covers).</summary>
    public const string OnCallGap = "on-call-gap";

    /// <summary>A follow-the-sun role no ladder uses has hours that nobody's working hours cover.</summary>
    public const string FollowTheSunHole = "follow-the-sun-hole";

    /// <summary>A role with nobody in it.</summary>
    public const string EmptyRole = "empty-role";

    /// <summary>A person with no Teams or Slack id and no email to find them by.</summary>
    public const string Unreachable = "unreachable-person";

    /// <summary>A ladder whose last level has nobody who can be paged.</summary>
    public const string LadderDeadEnd = "ladder-dead-end";

    /// <summary>A severity target whose calendar gives it no working time to run in.</summary>
    public const string TargetOutsideCalendar = "target-outside-calendar";
}
