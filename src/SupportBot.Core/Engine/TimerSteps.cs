using System.Globalization;
using NodaTime;
using SupportBot.Core.Cases;

namespace SupportBot.Core.Engine;

/// <summary>
/// What a due timer does, decided from the case's state now: a reminder for a case that was
/// claimed, updated, resolved or closed meanwhile does nothing.
/// </summary>
public sealed class TimerSteps(EngineParts parts, EscalationSteps escalation)
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
            TimerKinds.LadderLevelDue => escalation.LevelDue(timer, c, now),
            TimerKinds.PageTimeout => escalation.PageTimeout(timer, c, now),
            TimerKinds.ClaimLapse => ClaimLapse(c, now),
            TimerKinds.PostmortemDue => PostmortemDue(c, now),
            _ => new EngineStep(),
        };
    }

    private EngineStep ResponseReminder(DueTimer timer, CaseRecord c, Instant now)
    {
        if (!c.IsOpen || c.FirstResponseAt is not null)
        {
            return new EngineStep();
        }
        if (Snoozed(timer, c, now) is { } later)
        {
            return later;
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
        var inBridge = severity.OpensBridge && c.BridgeKey is not null;
        if (!c.IsOpen || c.Status == CaseStatus.WaitingOnCustomer || severity.UpdateEvery is null || (c.Owner is null && !inBridge))
        {
            return new EngineStep();
        }
        if (Snoozed(timer, c, now) is { } later)
        {
            return later;
        }
        var step = new EngineStep();
        var told = new List<string>();
        if (c.Owner is { } owner)
        {
            var zone = Cards.ZoneOf(owner);
            var last = c.LastUpdateAt is { } at ? $"last updated {Display.Time(at, zone)}" : "not updated yet";
            step.Outbox.Add(new DirectMessage(owner, Cards.Reminder(c, now, $"Update due on {c.Number}",
                $"{severity.Name} cases get an update every {severity.UpdateEvery.Text}; the reporter was {last}. Use Post update on the card.", zone), null)
            { CaseNumber = c.Number });
            told.Add(owner.Name);
        }
        if (inBridge)
        {
            var who = c.Owner is { } o ? $"{o.Name} owns it" : "nobody has claimed it yet";
            EngineParts.PostToBridge(step, c, Cards.Reminder(c, now, $"Status update due on {c.Number}",
                $"Updates are due every {severity.UpdateEvery.Text}; {who}. Post it with Post update on the triage card."));
            told.Add("the bridge");
        }
        step.Cases.Add(new CaseChange(c, c.Version, [EngineParts.Event(c, null, now, "update-reminder",
            $"Reminded {string.Join(" and ", told)} to post an update (every {severity.UpdateEvery.Text} for {severity.Name}).")]));
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

    /// <summary>
    /// A claim with no agent action within the response target lapses: the case is unclaimed again,
    /// triage and the former owner are told, and the ladder moves on.
    /// </summary>
    private EngineStep ClaimLapse(CaseRecord c, Instant now)
    {
        if (!c.IsOpen || c.Status != CaseStatus.Acknowledged || c.Owner is not { } owner || c.ClaimedAt is not { } claimedAt
            || (c.LastUpdateAt is { } updated && updated >= claimedAt))
        {
            return new EngineStep();
        }
        var within = Display.Span(now - claimedAt);
        var unclaimed = c with { Owner = null, ClaimedAt = null, Status = CaseStatus.New };
        var step = new EngineStep();
        var events = new List<Cases.CaseEvent>
        {
            EngineParts.Event(c, null, now, "claim-lapsed", $"{owner.Name}'s claim lapsed: no update, question or resolution within {within}.",
                new Dictionary<string, string> { ["owner"] = owner.Key }),
        };
        var after = escalation.MoveOn(step, events, unclaimed, $"{owner.Name}'s claim lapsed with no action within {within}", now);
        parts.Change(step, c, after, now, [.. events]);
        parts.TellTriage(step, after, Cards.Reminder(after, now, $"Claim lapsed on {c.Number}",
            $"{owner.Name} claimed it {within} ago and nothing has happened since. It is unclaimed again: claim it from the card."));
        step.Outbox.Add(new DirectMessage(owner, Cards.Reminder(after, now, $"Your claim on {c.Number} lapsed",
            $"Nothing was posted within {within} of your claim, so the case is back in the queue.", Cards.ZoneOf(owner)), null)
        { CaseNumber = c.Number });
        return step;
    }

    /// <summary>The root cause analysis the policy asks for after a Severity 1, to the owner and the managers.</summary>
    private EngineStep PostmortemDue(CaseRecord c, Instant now)
    {
        var step = new EngineStep();
        var headline = $"Root cause analysis due for {c.Number}";
        var body = $"{c.Number} was resolved {Display.Span(now - (c.ResolvedAt ?? now))} ago. Write up the root cause and what will stop it happening again.";
        step.Cases.Add(new CaseChange(c, c.Version, [EngineParts.Event(c, null, now, "postmortem-reminder", $"Reminded {c.Owner?.Name ?? "the managers"} that the root cause analysis is due.")]));
        if (c.Owner is { } owner)
        {
            step.Outbox.Add(new DirectMessage(owner, Cards.Reminder(c, now, headline, body, Cards.ZoneOf(owner)), null) { CaseNumber = c.Number });
        }
        if (parts.Desk.Managers is { } managers)
        {
            step.Outbox.Add(new PostMessage(managers, Cards.Reminder(c, now, headline, body), null) { CaseNumber = c.Number });
        }
        return step;
    }

    /// <summary>A reminder due while the owner snoozed the case waits until the snooze ends, saying nothing now.</summary>
    private static EngineStep? Snoozed(DueTimer timer, CaseRecord c, Instant now)
    {
        if (c.SnoozedUntil is not { } until || until <= now)
        {
            return null;
        }
        var step = new EngineStep();
        step.Timers.Add(new SetTimer(c.Id, timer.Key, timer.Kind, until));
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
