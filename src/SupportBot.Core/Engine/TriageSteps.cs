using NodaTime;
using NodaTime.Text;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Escalation;
using SupportBot.Core.Sla;

namespace SupportBot.Core.Engine;

/// <summary>
/// The agents' buttons on a triage card. Every action checks the role first; a refusal is a notice
/// to that person only and changes nothing.
/// </summary>
public sealed class TriageSteps(EngineParts parts, EscalationSteps escalation, BridgeSteps bridge)
{
    /// <summary>On a "severity-changed" entry: the owner made the change, which counts as acting on their claim.</summary>
    public const string ClaimKeptKey = "claimKept";

    private CardData Cards => parts.Cards;

    public EngineStep Handle(CardActionInvoked action, Actor actor, CaseRecord c, IEngineState state, Instant now)
    {
        if (!actor.IsAgent)
        {
            return Refuse("Only helpdesk agents can do that. Ask in the triage channel if you need help with this case.");
        }
        if (!c.IsOpen && action.Verb != Verbs.Claim)
        {
            return Refuse($"{c.Number} is {c.Status.Title().ToLowerInvariant()}; nothing to change.");
        }
        var text = (string key) => action.Data.TryGetValue(key, out var v) ? v.Trim() : "";
        return action.Verb switch
        {
            Verbs.Claim => Claim(actor, c, now),
            Verbs.ChangeSeverity => ChangeSeverity(actor, c, text("severity"), text("reason"), now),
            Verbs.AskReporter => Ask(actor, c, text("question"), now),
            Verbs.PostUpdate => PostUpdate(actor, c, text("update"), now),
            Verbs.EscalateTier => EscalateTier(actor, c, text("escalateReason"), now),
            Verbs.Resolve => Resolve(actor, c, text("outcome"), text("summary"), text("detail"), text("fixDate"), state, now),
            Verbs.Snooze => Snooze(actor, c, text("snoozeFor"), text("snoozeReason"), now),
            _ => Refuse($"Unknown action '{action.Verb}'."),
        };
    }

    private EngineStep Claim(Actor actor, CaseRecord c, Instant now)
    {
        if (c.Owner is { } owner)
        {
            return Refuse(owner.Key == actor.User.Key
                ? $"You already own {c.Number}."
                : $"{owner.Name} has already claimed {c.Number}.");
        }
        if (!c.IsOpen)
        {
            return Refuse($"{c.Number} is {c.Status.Title().ToLowerInvariant()}; nothing to claim.");
        }
        // Claiming a case someone already asked the reporter about keeps it waiting on them.
        var status = c.Status == CaseStatus.New ? CaseStatus.Acknowledged : c.Status;
        var after = c with { Owner = actor.User, ClaimedAt = now, Status = status, FirstResponseAt = c.FirstResponseAt ?? now };
        var step = new EngineStep();
        parts.Change(step, c, after, now, EngineParts.Event(c, actor, now, "claimed", $"{actor.Name} claimed the case.",
            new Dictionary<string, string> { ["owner"] = actor.User.Key }));
        step.Timers.Add(new CancelTimers(c.Id, TimerKeys.ResponsePrefix));
        parts.ArmClaimLapse(step, after, now);
        parts.ScheduleUpdateReminder(step, after, now);
        bridge.Invite(step, after, actor.User);
        EngineParts.TellReporters(step, after, r => Cards.CaseUpdate(after, now, $"{actor.Name} is working on your case",
            $"{actor.Name} from support has picked up {c.Number} and will keep you updated.", actor.Name, Cards.ZoneOf(r)));
        step.Reply = InteractionReply.Replace(Cards.Triage(after, now));
        return step;
    }

    private EngineStep ChangeSeverity(Actor actor, CaseRecord c, string severityId, string reason, Instant now)
    {
        var errors = new Dictionary<string, string>();
        var target = parts.Policy.Severities.FirstOrDefault(s => s.Id == severityId);
        if (target is null)
        {
            errors["severity"] = $"Choose a severity: {string.Join(", ", parts.Policy.Severities.Select(s => s.Name))}.";
        }
        if (reason.Length == 0)
        {
            errors["reason"] = "A reason is required to change the severity.";
        }
        if (errors.Count > 0)
        {
            return new EngineStep { Reply = InteractionReply.Invalid(Cards.Triage(c, now), errors) };
        }
        if (target!.Id == c.SeverityId)
        {
            return Refuse($"{c.Number} is already {target.Name}.");
        }
        var fromRank = parts.Policy.Rank(c.SeverityId);
        var isDowngradeOfTop = fromRank == 0 && parts.Policy.Rank(target.Id) > 0;
        if (isDowngradeOfTop && !actor.IsManager)
        {
            return Refuse($"Only a manager can downgrade a {parts.Policy.Severity(c.SeverityId).Name} case.");
        }
        var from = parts.Policy.Severity(c.SeverityId);
        // The owner acting on the case keeps their claim; a manager's change does not count for them.
        // The log says so, for the timer auditor: the claim lapse is then legitimately absent.
        var ownerActs = c.Owner is { } owner && parts.SamePerson(owner, actor.User);
        var data = new Dictionary<string, string> { ["from"] = from.Id, ["to"] = target.Id, ["reason"] = reason };
        if (ownerActs)
        {
            data[ClaimKeptKey] = "true";
        }
        var step = new EngineStep();
        var events = new List<CaseEvent>
        {
            EngineParts.Event(c, actor, now, "severity-changed", $"{actor.Name} changed the severity from {from.Name} to {target.Name}: {reason}", data),
        };
        var rebased = CaseClocks.Rebase(c, parts.Policy, target) with { SeverityReason = $"Changed by {actor.Name}: {reason}" };
        if (LadderClock.LadderFor(parts.Policy, c.SeverityId) != LadderClock.LadderFor(parts.Policy, target.Id))
        {
            // Another ladder (or none): the old one's pages stop and the new one starts from its first level.
            escalation.ClosePages(step, c, now, $"{c.Number} is {target.Name} now; this page needs no answer.");
            step.Timers.Add(new CancelTimers(c.Id, TimerKeys.PagePrefix));
            rebased = rebased with { Escalation = EscalationState.None };
        }
        var after = bridge.Open(step, events, rebased, now);
        parts.Change(step, c, after, now, [.. events]);
        if (ownerActs)
        {
            step.Timers.Add(new CancelTimers(c.Id, TimerKeys.ClaimLapse));
        }
        if (after.FirstResponseAt is null)
        {
            parts.ScheduleResponseReminders(step, after, now);
        }
        parts.ScheduleUpdateReminder(step, after, now);
        escalation.ScheduleLadder(step, after, now);
        if (c.BridgeKey is not null)
        {
            // A downgrade keeps the bridge and its log; only a bridge severity posts its reminders there.
            var note = target.OpensBridge
                ? $"{actor.Name} raised the case to {target.Name} again: {reason}. Updates are due here every {target.UpdateEvery?.Text ?? "cadence"} again."
                : $"{actor.Name} changed the severity to {target.Name}: {reason}. Bridge reminders stop; this channel stays open with its log.";
            EngineParts.PostToBridge(step, after, Cards.CaseUpdate(after, now, $"Severity changed to {target.Name}", note, actor.Name));
        }
        EngineParts.TellReporters(step, after, r => Cards.CaseUpdate(after, now, $"Severity changed to {target.Name}", reason, actor.Name, Cards.ZoneOf(r)));
        step.Reply = InteractionReply.Replace(Cards.Triage(after, now));
        return step;
    }

    private EngineStep Ask(Actor actor, CaseRecord c, string question, Instant now)
    {
        if (question.Length == 0)
        {
            return Invalid(c, now, "question", "Write the question for the reporter.");
        }
        var after = CaseClocks.Pause(c, now) with { Status = CaseStatus.WaitingOnCustomer, FirstResponseAt = c.FirstResponseAt ?? now, LastUpdateAt = now };
        var step = new EngineStep();
        parts.Change(step, c, after, now, EngineParts.Event(c, actor, now, "info-requested", $"{actor.Name} asked the reporter: {question}",
            new Dictionary<string, string> { ["question"] = question }));
        step.Timers.Add(new CancelTimers(c.Id, TimerKeys.ResponsePrefix));
        step.Timers.Add(new CancelTimers(c.Id, TimerKeys.Update));
        step.Timers.Add(new CancelTimers(c.Id, TimerKeys.ClaimLapse));
        escalation.ScheduleLadder(step, after, now);
        step.Timers.Add(parts.AutoClose(after, now));
        EngineParts.TellReporter(step, after, Cards.AskReporter(after, now, question, actor.Name));
        step.Reply = InteractionReply.Replace(Cards.Triage(after, now));
        return step;
    }

    private EngineStep PostUpdate(Actor actor, CaseRecord c, string update, Instant now)
    {
        if (update.Length == 0)
        {
            return Invalid(c, now, "update", "Write the update for the reporter.");
        }
        var status = c.Status is CaseStatus.New or CaseStatus.Acknowledged ? CaseStatus.InProgress : c.Status;
        var after = c with { Status = status, FirstResponseAt = c.FirstResponseAt ?? now, LastUpdateAt = now, LastUpdateText = update };
        var step = new EngineStep();
        parts.Change(step, c, after, now, EngineParts.Event(c, actor, now, "update-posted", $"{actor.Name} posted an update: {update}",
            new Dictionary<string, string> { ["update"] = update }));
        step.Timers.Add(new CancelTimers(c.Id, TimerKeys.ResponsePrefix));
        step.Timers.Add(new CancelTimers(c.Id, TimerKeys.ClaimLapse));
        parts.ScheduleUpdateReminder(step, after, now);
        EngineParts.PostToBridge(step, after, Cards.CaseUpdate(after, now, $"Update on {c.Number}", update, actor.Name));
        EngineParts.TellReporters(step, after, r => Cards.CaseUpdate(after, now, "Update on your case", update, actor.Name, Cards.ZoneOf(r)));
        step.Reply = InteractionReply.Replace(Cards.Triage(after, now));
        return step;
    }

    private EngineStep EscalateTier(Actor actor, CaseRecord c, string reason, Instant now)
    {
        if (c.Tier >= 3)
        {
            return Refuse($"{c.Number} is already at L3, the last tier.");
        }
        if (reason.Length == 0)
        {
            return Invalid(c, now, "escalateReason", "A reason is required to escalate.");
        }
        var after = c with { Tier = c.Tier + 1 };
        var why = $": {reason}";
        var step = new EngineStep();
        parts.Change(step, c, after, now, EngineParts.Event(c, actor, now, "tier-escalated", $"{actor.Name} escalated from L{c.Tier} to L{after.Tier}{why}",
            new Dictionary<string, string> { ["from"] = $"L{c.Tier}", ["to"] = $"L{after.Tier}", ["reason"] = reason }));
        step.Timers.Add(new CancelTimers(c.Id, TimerKeys.ClaimLapse));
        step.Reply = InteractionReply.Replace(Cards.Triage(after, now));
        return step;
    }

    private EngineStep Resolve(Actor actor, CaseRecord c, string outcomeId, string summary, string detail, string fixDate, IEngineState state, Instant now)
    {
        var errors = new Dictionary<string, string>();
        if (!OutcomeKinds.TryParse(outcomeId, out var kind))
        {
            errors["outcome"] = $"Choose an outcome: {string.Join(", ", OutcomeKinds.All.Select(o => o.Title))}.";
        }
        if (summary.Length == 0)
        {
            errors["summary"] = "Write a short summary of the resolution for the reporter.";
        }
        if (kind == OutcomeKind.NotPossible && detail.Length == 0)
        {
            errors["detail"] = "Say why it is not possible.";
        }
        LocalDate? fix = null;
        var patch = PatchDue(c, kind, now);
        if (kind == OutcomeKind.BugRaised)
        {
            if (detail.Length == 0)
            {
                errors["detail"] = "Give the bug tracker reference.";
            }
            fix = FixDate(c, fixDate, patch, errors);
        }
        if (errors.Count > 0)
        {
            return new EngineStep { Reply = InteractionReply.Invalid(Cards.Triage(c, now), errors) };
        }
        var outcome = new Outcome(kind, summary, detail.Length > 0 ? detail : null, fix);
        var after = CaseClocks.Pause(c, now) with
        {
            Status = CaseStatus.Resolved,
            Outcome = outcome,
            ResolvedAt = now,
            Owner = c.Owner ?? actor.User,
            FirstResponseAt = c.FirstResponseAt ?? now,
        };
        var step = new EngineStep();
        var data = new Dictionary<string, string> { ["outcome"] = kind.Id(), ["summary"] = summary };
        if (outcome.Detail is not null)
        {
            data["detail"] = outcome.Detail;
        }
        var note = patch is { } due ? $" Patch due by {Display.Time(due, parts.Policy.DisplayZone)}." : "";
        var resolved = EngineParts.Event(c, actor, now, "resolved", $"{actor.Name} resolved the case: {kind.Title()}. {summary}{note}", data);
        parts.Change(step, c, after, now, resolved);
        // Every pending timer stops: reminders, pages, the ladder and the claim lapse.
        step.Timers.Add(new CancelTimers(c.Id));
        escalation.ClosePages(step, after, now, $"{c.Number} was resolved by {actor.Name}; no action needed.");
        step.Timers.Add(parts.AutoClose(after, now));
        step.Timers.Add(parts.CsatFollowUp(after, now));
        parts.RefreshBridge(step, after, now);
        bridge.Close(step, after, [.. state.RecentEvents(c.Id, int.MaxValue), resolved], now);
        EngineParts.TellReporter(step, after, Cards.Resolved(after, now));
        foreach (var linked in after.LinkedReporters)
        {
            step.Outbox.Add(new DirectMessage(linked, Cards.CaseUpdate(after, now, $"{c.Number} is resolved: {kind.Title()}", summary, actor.Name, Cards.ZoneOf(linked)), null)
            { CaseNumber = c.Number });
        }
        step.Reply = InteractionReply.Replace(Cards.Triage(after, now));
        return step;
    }

    /// <summary>The expected fix date of a raised bug: no later than the day its patch is due where the severity promises one.</summary>
    private LocalDate? FixDate(CaseRecord c, string text, Instant? patchDue, Dictionary<string, string> errors)
    {
        var parsed = LocalDatePattern.Iso.Parse(text);
        if (!parsed.Success)
        {
            errors["fixDate"] = "Give the expected fix date as YYYY-MM-DD.";
            return null;
        }
        var zone = parts.Policy.DisplayZone;
        if (patchDue is { } due && parsed.Value > due.InZone(zone).Date)
        {
            var severity = parts.Policy.Severity(c.SeverityId);
            errors["fixDate"] = $"{severity.Name} promises a patch within {severity.PatchWithin!.Text}, by {Display.Time(due, zone)}: "
                + $"give a fix date no later than {LocalDatePattern.Iso.Format(due.InZone(zone).Date)}.";
            return null;
        }
        return parsed.Value;
    }

    /// <summary>When the patch for a bug raised on this case is due, if its severity promises one.</summary>
    private Instant? PatchDue(CaseRecord c, OutcomeKind kind, Instant now)
    {
        var severity = parts.Policy.Severity(c.SeverityId);
        return kind == OutcomeKind.BugRaised && severity.PatchWithin is { } within
            ? WorkingTime.Due(CaseClocks.CalendarOf(parts.Policy, severity, within), now, within)
            : null;
    }

    /// <summary>The owner quiets the case's reminders for a bounded time, with a reason; pages still go out.</summary>
    private EngineStep Snooze(Actor actor, CaseRecord c, string forMinutes, string reason, Instant now)
    {
        if (c.Owner is not { } owner || !(parts.SamePerson(owner, actor.User) || actor.IsManager))
        {
            return Refuse($"Only the owner of {c.Number} (or a manager) can snooze its reminders.");
        }
        var max = parts.Policy.Reminders.SnoozeMax;
        var errors = new Dictionary<string, string>();
        if (!int.TryParse(forMinutes, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minutes)
            || minutes <= 0 || Duration.FromMinutes(minutes) > max)
        {
            errors["snoozeFor"] = $"Choose how long, up to {Display.Span(max)}.";
        }
        if (reason.Length == 0)
        {
            errors["snoozeReason"] = "A reason is required to snooze reminders.";
        }
        if (errors.Count > 0)
        {
            return new EngineStep { Reply = InteractionReply.Invalid(Cards.Triage(c, now), errors) };
        }
        var until = now + Duration.FromMinutes(minutes);
        var after = c with { SnoozedUntil = until };
        var step = new EngineStep();
        parts.Change(step, c, after, now, EngineParts.Event(c, actor, now, "snoozed",
            $"{actor.Name} snoozed the reminders until {Display.Time(until, parts.Policy.DisplayZone)}: {reason}",
            new Dictionary<string, string> { ["until"] = until.ToString(), ["reason"] = reason }));
        step.Reply = InteractionReply.Replace(Cards.Triage(after, now));
        return step;
    }

    private EngineStep Invalid(CaseRecord c, Instant now, string field, string message) =>
        new() { Reply = InteractionReply.Invalid(Cards.Triage(c, now), new Dictionary<string, string> { [field] = message }) };

    private static EngineStep Refuse(string text) => EngineStep.Replying(InteractionReply.Notice(text));
}
