using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Policy;
using SupportBot.Core.Sla;

namespace SupportBot.Core.Escalation;

/// <summary>When a ladder level's trigger fires for a case, and why, in words for the log.</summary>
public static class LadderClock
{
    /// <summary>The ladder of a severity that pages; null for one that does not.</summary>
    public static EscalationLadder? LadderFor(SupportPolicy policy, string severityId) =>
        policy.Severity(severityId).Pages ? policy.Ladders.FirstOrDefault(l => l.Severities.Contains(severityId)) : null;

    /// <summary>The instant the level's trigger fires; null for manual levels and a paused resolution clock.</summary>
    public static Instant? Due(SupportPolicy policy, CaseRecord c, LadderLevel level)
    {
        var severity = policy.Severity(c.SeverityId);
        return level.Trigger.Kind switch
        {
            TriggerKind.Elapsed when level.Trigger.After is { } after => WorkingTime.Due(
                level.Trigger.WallClock ? WorkCalendar.TwentyFourSeven() : CaseClocks.CalendarOf(policy, severity, after), c.OpenedAt, after),
            TriggerKind.ResponseBreach => c.ResponseDueAt,
            TriggerKind.ResolutionBreach => c.ResolutionDueAt,
            _ => null,
        };
    }

    /// <summary>Whether the trigger still holds now: a response given or a clock paused disarms a breach.</summary>
    public static bool Holds(CaseRecord c, LadderLevel level, Instant now) => level.Trigger.Kind switch
    {
        TriggerKind.Elapsed => c.IsOpen,
        TriggerKind.ResponseBreach => c.IsOpen && c.FirstResponseAt is null && c.ResponseDueAt <= now,
        TriggerKind.ResolutionBreach => c.IsOpen && c.ResolutionDueAt is { } due && due <= now,
        _ => false,
    };

    public static string Reason(SupportPolicy policy, CaseRecord c, LadderLevel level)
    {
        var severity = policy.Severity(c.SeverityId);
        return level.Trigger.Kind switch
        {
            TriggerKind.Elapsed => $"open for {level.Trigger.After!.Text}",
            TriggerKind.ResponseBreach => $"no response within the {Sla.ResponseTargets.For(policy, severity, c.OpenedAt, c.Answers).Text} response target",
            TriggerKind.ResolutionBreach => severity.Resolution is { } resolution ? $"the {resolution.Text} resolution target is breached" : "never (no resolution target)",
            _ => "asked for by hand",
        };
    }
}
