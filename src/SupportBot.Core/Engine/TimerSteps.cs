using System.Globalization;
using NodaTime;
using SupportBot.Core.Cases;

namespace SupportBot.Core.Engine;

/// <summary>
/// What a due timer does, decided from the case's state now: a reminder for a case that was
/// claimed, updated, resolved or closed meanwhile does nothing.
/// </summary>
public sealed class TimerSteps(EngineParts parts)
{
    private CardData Cards => parts.Cards;

    public EngineStep Handle(DueTimer timer, CaseRecord? c, Instant now)
    {
        if (c is null)
        {
            return new EngineStep();
        }
        return timer.Kind switch
        {
            TimerKinds.ResponseReminder => ResponseReminder(timer, c, now),
            TimerKinds.UpdateDue => UpdateDue(timer, c, now),
            TimerKinds.AutoClose => AutoClose(c, now),
            TimerKinds.CsatFollowUp => CsatFollowUp(c, now),
            _ => new EngineStep(),
        };
    }

    private EngineStep ResponseReminder(DueTimer timer, CaseRecord c, Instant now)
    {
        if (!c.IsOpen || c.FirstResponseAt is not null)
        {
            return new EngineStep();
        }
        var fraction = TimerKeys.FractionOf(timer.Key);
        var severity = parts.Policy.Severity(c.SeverityId);
        var headline = fraction >= 1.0
            ? $"Response target breached: {c.Number} ({severity.Name}) has had no response"
            : string.Create(CultureInfo.InvariantCulture, $"{fraction * 100:0}% of the response target used on {c.Number} ({severity.Name})");
        var body = $"Nobody has responded yet. Response due {Display.Time(c.ResponseDueAt, parts.Policy.DisplayZone)} ({Display.Left(c.ResponseDueAt, now)}). Claim it from the card.";
        var step = new EngineStep();
        step.Cases.Add(new CaseChange(c, c.Version, [EngineParts.Event(c, null, now, fraction >= 1.0 ? "response-breached" : "response-reminder",
            $"Reminder to triage: {headline}.", new Dictionary<string, string> { ["fraction"] = timer.Key[TimerKeys.ResponsePrefix.Length..] })]));
        parts.TellTriage(step, c, Cards.Reminder(c, now, headline, body));
        parts.RefreshTriage(step, c, now);
        return step;
    }

    private EngineStep UpdateDue(DueTimer timer, CaseRecord c, Instant now)
    {
        var severity = parts.Policy.Severity(c.SeverityId);
        if (c.Owner is not { } owner || c.Status is not (CaseStatus.Acknowledged or CaseStatus.InProgress) || severity.UpdateEvery is null)
        {
            return new EngineStep();
        }
        var last = c.LastUpdateAt is { } at ? $"last updated {Display.Time(at, parts.Policy.DisplayZone)}" : "not updated yet";
        var step = new EngineStep();
        step.Cases.Add(new CaseChange(c, c.Version, [EngineParts.Event(c, null, now, "update-reminder",
            $"Reminded {owner.Name} to post an update (every {severity.UpdateEvery.Text} for {severity.Name}).")]));
        step.Outbox.Add(new DirectMessage(owner, Cards.Reminder(c, now, $"Update due on {c.Number}",
            $"{severity.Name} cases get an update every {severity.UpdateEvery.Text}; the reporter was {last}. Use Post update on the card."), null)
        { CaseNumber = c.Number });
        // The next reminder counts from this one's due time, so a late sweep does not drift the cadence;
        // after downtime that time may be past already, and then it counts from now (one reminder, not a burst).
        var next = Sla.CaseClocks.NextUpdateDue(parts.Policy, severity, timer.DueAt);
        parts.ScheduleUpdateReminder(step, c, next > now ? timer.DueAt : now);
        return step;
    }

    private EngineStep AutoClose(CaseRecord c, Instant now)
    {
        if (c.Status is not (CaseStatus.Resolved or CaseStatus.WaitingOnCustomer))
        {
            return new EngineStep();
        }
        var waiting = c.Status == CaseStatus.WaitingOnCustomer;
        var after = c with { Status = CaseStatus.Closed, ClosedAt = now, ClockPausedAt = c.ClockPausedAt ?? now, ResolutionDueAt = null };
        var why = waiting
            ? $"no answer from the reporter within {Display.Span(parts.Policy.Reminders.AutoCloseWaitingAfter)}"
            : $"no answer to the resolution within {Display.Span(parts.Policy.Reminders.AutoCloseResolvedAfter)}";
        var step = new EngineStep();
        parts.Change(step, c, after, now, EngineParts.Event(c, null, now, "auto-closed", $"Closed automatically: {why}."));
        if (waiting)
        {
            step.Timers.Add(new CancelTimers(c.Id));
        }
        EngineParts.TellReporter(step, after, Cards.CaseUpdate(after, now, $"{c.Number} is closed",
            $"We closed it because there was {why}. Report again if you still need help.", "SupportBot"));
        return step;
    }

    private EngineStep CsatFollowUp(CaseRecord c, Instant now)
    {
        if (c.Status is not (CaseStatus.Resolved or CaseStatus.Closed) || c.Rating is not null)
        {
            return new EngineStep();
        }
        var step = new EngineStep();
        step.Cases.Add(new CaseChange(c, c.Version, [EngineParts.Event(c, null, now, "csat-requested", "Asked the reporter again to rate the help.")]));
        EngineParts.TellReporter(step, c, Cards.Resolved(c, now));
        return step;
    }
}
