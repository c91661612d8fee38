using System.Globalization;
using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Sla;

namespace SupportBot.Core.Engine;

/// <summary>The reporter's buttons on their own case: answer a question, confirm the fix or reopen, rate the help.</summary>
public sealed class ReporterSteps(EngineParts parts, EscalationSteps escalation, BridgeSteps bridge)
{
    private CardData Cards => parts.Cards;

    public EngineStep Handle(CardActionInvoked action, CaseRecord c, Instant now)
    {
        if (action.From.Key != c.Reporter.Key)
        {
            return Refuse($"Only the person who reported {c.Number} can answer this card.");
        }
        var text = (string key) => action.Data.TryGetValue(key, out var v) ? v.Trim() : "";
        return action.Verb switch
        {
            Verbs.ReporterReply => Reply(action.From, c, text("reply"), now),
            Verbs.ReporterFixed => ConfirmFixed(action.From, c, text("rating"), now),
            Verbs.ReporterBroken => Reopen(action.From, c, text("comment"), now),
            Verbs.ReporterRate => Rate(action.From, c, text("rating"), now),
            _ => Refuse($"Unknown action '{action.Verb}'."),
        };
    }

    /// <summary>The reporter's answer (from the card or a plain message) resumes the case.</summary>
    public EngineStep Reply(UserRef reporter, CaseRecord c, string reply, Instant now)
    {
        if (reply.Length == 0)
        {
            return new EngineStep { Reply = InteractionReply.Invalid(CardData.Notice("Reply", "Write your answer first."), new Dictionary<string, string> { ["reply"] = "Write your answer first." }) };
        }
        if (!c.IsOpen)
        {
            return Refuse($"{c.Number} is {c.Status.Title().ToLowerInvariant()}. Report a new problem if you still need help.");
        }
        var after = c.Status == CaseStatus.WaitingOnCustomer
            ? CaseClocks.Resume(c, parts.Policy, now) with { Status = CaseStatus.InProgress }
            : c;
        var step = new EngineStep();
        parts.Change(step, c, after, now, new CaseEvent(c.Id, now, reporter.Key, reporter.Name, "reporter-replied",
            $"{reporter.Name} replied: {reply}", new Dictionary<string, string> { ["reply"] = reply }));
        step.Timers.Add(new CancelTimers(c.Id, TimerKeys.AutoClose));
        if (c.Status == CaseStatus.WaitingOnCustomer)
        {
            // The resolution clock runs again from a later due time: the update cadence and the ladder follow it.
            parts.ScheduleUpdateReminder(step, after, now);
            escalation.ScheduleLadder(step, after, now);
        }
        var notice = Cards.Reminder(after, now, $"{reporter.Name} replied on {c.Number}", reply);
        if (after.Owner is { } owner)
        {
            step.Outbox.Add(new DirectMessage(owner, notice, null) { CaseNumber = c.Number });
        }
        else
        {
            parts.TellTriage(step, after, notice);
        }
        step.Reply = InteractionReply.Replace(CardData.Notice($"Sent to support on {c.Number}", reply));
        return step;
    }

    private EngineStep ConfirmFixed(UserRef reporter, CaseRecord c, string rating, Instant now)
    {
        if (c.Status != CaseStatus.Resolved)
        {
            return Refuse(c.Status == CaseStatus.Closed ? $"{c.Number} is already closed. Thank you!" : $"{c.Number} is not resolved yet.");
        }
        int? stars = null;
        if (rating.Length > 0)
        {
            if (!TryRating(rating, out var r))
            {
                return InvalidRating(c, now);
            }
            stars = r;
        }
        var after = c with { Status = CaseStatus.Closed, ClosedAt = now, Rating = stars ?? c.Rating };
        var step = new EngineStep();
        var events = new List<CaseEvent> { new(c.Id, now, reporter.Key, reporter.Name, "confirmed-fixed", $"{reporter.Name} confirmed it is fixed; the case is closed.", new Dictionary<string, string>()) };
        if (stars is { } s)
        {
            events.Add(new(c.Id, now, reporter.Key, reporter.Name, "rated", $"{reporter.Name} rated the help {s}/5.", new Dictionary<string, string> { ["rating"] = $"{s}" }));
        }
        parts.Change(step, c, after, now, [.. events]);
        step.Timers.Add(new CancelTimers(c.Id, TimerKeys.AutoClose));
        if (after.Rating is not null)
        {
            step.Timers.Add(new CancelTimers(c.Id, TimerKeys.Csat));
        }
        step.Reply = InteractionReply.Replace(after.Rating is null
            ? Cards.Resolved(after, now)
            : CardData.Notice($"Thank you: {c.Number} is closed", "Glad it is fixed, and thanks for rating the help."));
        return step;
    }

    private EngineStep Reopen(UserRef reporter, CaseRecord c, string comment, Instant now)
    {
        if (c.Status != CaseStatus.Resolved)
        {
            return Refuse(c.Status == CaseStatus.Closed
                ? $"{c.Number} is closed. Report a new problem and mention {c.Number}."
                : $"{c.Number} is still open; support is on it.");
        }
        var after = CaseClocks.Resume(c, parts.Policy, now) with
        {
            Status = CaseStatus.InProgress,
            ReopenCount = c.ReopenCount + 1,
            Outcome = null,
            ResolvedAt = null,
        };
        var why = comment.Length > 0 ? $": {comment}" : ".";
        var step = new EngineStep();
        var events = new List<CaseEvent>
        {
            new(c.Id, now, reporter.Key, reporter.Name, "reopened", $"{reporter.Name} says it is still broken{why}", new Dictionary<string, string> { ["comment"] = comment }),
        };
        // The incident's bridge was archived on resolve: it reopens in a new one, created before anything
        // is posted to it. The ladder starts again from its first level.
        step.Timers.Add(new CancelTimers(c.Id));
        after = c.BridgeKey is null ? after : bridge.Open(step, events, after with { BridgeKey = null }, now);
        after = after with { Escalation = Escalation.EscalationState.None };
        parts.Change(step, c, after, now, [.. events]);
        parts.ScheduleUpdateReminder(step, after, now);
        escalation.ScheduleLadder(step, after, now);
        var notice = Cards.Reminder(after, now, $"{c.Number} reopened: still broken", comment.Length > 0 ? comment : "The reporter says it is still broken.");
        if (after.Owner is { } owner)
        {
            step.Outbox.Add(new DirectMessage(owner, notice, null) { CaseNumber = c.Number });
        }
        parts.TellTriage(step, after, notice);
        step.Reply = InteractionReply.Replace(CardData.Notice($"{c.Number} is reopened", "Sorry it is still broken. Support has been told and will get back to you."));
        return step;
    }

    private EngineStep Rate(UserRef reporter, CaseRecord c, string rating, Instant now)
    {
        if (c.Status is not (CaseStatus.Resolved or CaseStatus.Closed))
        {
            return Refuse($"{c.Number} is not resolved yet; you can rate the help once it is.");
        }
        if (!TryRating(rating, out var stars))
        {
            return InvalidRating(c, now);
        }
        var after = c with { Rating = stars };
        var step = new EngineStep();
        parts.Change(step, c, after, now, new CaseEvent(c.Id, now, reporter.Key, reporter.Name, "rated",
            $"{reporter.Name} rated the help {stars}/5.", new Dictionary<string, string> { ["rating"] = $"{stars}" }));
        step.Timers.Add(new CancelTimers(c.Id, TimerKeys.Csat));
        step.Reply = InteractionReply.Replace(CardData.Notice("Thank you for the rating", $"You rated the help on {c.Number} {stars}/5."));
        return step;
    }

    private static bool TryRating(string text, out int rating) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out rating) && rating is >= 1 and <= 5;

    private EngineStep InvalidRating(CaseRecord c, Instant now) =>
        new() { Reply = InteractionReply.Invalid(Cards.Resolved(c, now), new Dictionary<string, string> { ["rating"] = "Choose a rating from 1 to 5." }) };

    private static EngineStep Refuse(string text) => EngineStep.Replying(InteractionReply.Notice(text));
}
