using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Policy;

namespace SupportBot.Core.Sla;

/// <summary>
/// The response and resolution clocks of a case. The resolution due time is always derived:
/// the target from opening, moved by the working time spent paused (waiting on the customer, resolved).
/// </summary>
public static class CaseClocks
{
    /// <summary>The calendar a target counts on; with no target (no resolution clock), the severity's.</summary>
    public static WorkCalendar CalendarOf(SupportPolicy policy, SeverityLevel severity, SlaTarget? target) =>
        policy.Calendar(target?.Calendar ?? severity.Calendar);

    /// <summary>Null for a severity without a resolution target.</summary>
    public static Instant? ResolutionDue(SupportPolicy policy, SeverityLevel severity, Instant openedAt, Duration pausedWorkingTime)
    {
        if (severity.Resolution is not { } target)
        {
            return null;
        }
        var calendar = CalendarOf(policy, severity, target);
        var due = WorkingTime.Due(calendar, openedAt, target);
        return pausedWorkingTime == Duration.Zero ? due : WorkingTime.Add(calendar, due, pausedWorkingTime);
    }

    /// <summary>The instant at which a fraction of the response target has been used.</summary>
    public static Instant ResponseFraction(SupportPolicy policy, SeverityLevel severity, Instant openedAt, Instant responseDue, double fraction)
    {
        if (fraction >= 1.0)
        {
            return responseDue;
        }
        var calendar = CalendarOf(policy, severity, severity.Response);
        var whole = WorkingTime.Between(calendar, openedAt, responseDue);
        return WorkingTime.Add(calendar, openedAt, Duration.FromTicks((long)(whole.BclCompatibleTicks * fraction)));
    }

    public static Instant? NextUpdateDue(SupportPolicy policy, SeverityLevel severity, Instant from) =>
        severity.UpdateEvery is { } cadence ? WorkingTime.Due(CalendarOf(policy, severity, cadence), from, cadence) : null;

    /// <summary>Stops the resolution clock (no-op when already stopped).</summary>
    public static CaseRecord Pause(CaseRecord c, Instant now) =>
        c.ClockPausedAt is not null ? c : c with { ClockPausedAt = now, ResolutionDueAt = null };

    /// <summary>Restarts the resolution clock, moving its due time by the working time spent paused.</summary>
    public static CaseRecord Resume(CaseRecord c, SupportPolicy policy, Instant now)
    {
        if (c.ClockPausedAt is not { } pausedAt)
        {
            return c;
        }
        var severity = policy.Severity(c.SeverityId);
        var paused = c.PausedWorkingTime + WorkingTime.Between(CalendarOf(policy, severity, severity.Resolution), pausedAt, now);
        return c with
        {
            ClockPausedAt = null,
            PausedWorkingTime = paused,
            ResolutionDueAt = ResolutionDue(policy, severity, c.OpenedAt, paused),
        };
    }

    /// <summary>Clocks for a new severity: response (if nobody has responded yet) and resolution, from opening.</summary>
    public static CaseRecord Rebase(CaseRecord c, SupportPolicy policy, SeverityLevel severity) => c with
    {
        SeverityId = severity.Id,
        ResponseDueAt = c.FirstResponseAt is null ? ResponseTargets.Due(policy, severity, c.OpenedAt, c.Answers) : c.ResponseDueAt,
        ResolutionDueAt = c.ClockPausedAt is null ? ResolutionDue(policy, severity, c.OpenedAt, c.PausedWorkingTime) : null,
    };
}
