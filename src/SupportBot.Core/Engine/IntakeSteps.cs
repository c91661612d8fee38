using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Intake;
using SupportBot.Core.Sla;

namespace SupportBot.Core.Engine;

/// <summary>
/// The reporter's intake: questions shown by rule and validated, deflection steps where the policy
/// has them, the severity preview, then the case. The session is saved at every step.
/// </summary>
public sealed class IntakeSteps(EngineParts parts, EscalationSteps escalation, BridgeSteps bridge)
{
    private IntakeCards Cards => parts.IntakeCards;

    /// <summary>Starts (or shows again) the reporter's intake; a first message becomes the description.</summary>
    public EngineStep Start(UserRef reporter, ConversationRef where, string? firstMessage, IEngineState state, Instant now)
    {
        var session = state.FindIntake(reporter.Key);
        if (session is null && TooMany(reporter, state, now) is { } refusal)
        {
            return EngineStep.Replying(InteractionReply.Notice(refusal));
        }
        if (session is null)
        {
            var answers = new Dictionary<string, string>();
            if (!string.IsNullOrWhiteSpace(firstMessage) && parts.Policy.Questions.Any(q => q.Id == "description"))
            {
                answers["description"] = firstMessage.Trim();
            }
            session = new IntakeSession(reporter, where, answers, IntakeStage.Answering, now, now);
        }
        else
        {
            session = session with { Conversation = where, Stage = IntakeStage.Answering, UpdatedAt = now };
        }
        return new EngineStep { SaveIntake = session, Reply = InteractionReply.Message(Cards.Questions(session, new Dictionary<string, string>())) };
    }

    public EngineStep Handle(CardActionInvoked action, IEngineState state, Instant now)
    {
        var session = state.FindIntake(action.From.Key);
        if (session is null)
        {
            return action.Verb == Verbs.IntakeStart
                ? Start(action.From, action.Conversation, null, state, now)
                : EngineStep.Replying(InteractionReply.Replace(CardData.Notice(
                    "This report has already been handled", "Start a new report with the Report a problem button or the help command.")));
        }
        // A button from an older card (clicked late, or twice) must not skip a stage.
        var expected = action.Verb switch
        {
            Verbs.DeflectionContinue or Verbs.DeflectionFixed => IntakeStage.Deflecting,
            Verbs.IntakeSubmit or Verbs.IntakeJoin => IntakeStage.Confirming,
            _ => session.Stage,
        };
        if (session.Stage != expected)
        {
            return new EngineStep { Reply = InteractionReply.Replace(Cards.Questions(session, new Dictionary<string, string>())) };
        }
        return action.Verb switch
        {
            Verbs.IntakeStart or Verbs.IntakeEdit => Show(session with { Stage = IntakeStage.Answering, UpdatedAt = now }),
            Verbs.IntakeNext => Next(session, action.Data, state, now),
            Verbs.DeflectionContinue => Confirm(session, state, now),
            Verbs.IntakeJoin => Join(session, action.Data.TryGetValue(Verbs.CaseKey, out var id) ? id : "", state, now),
            Verbs.DeflectionFixed => FixedByDeflection(session, state, now),
            Verbs.IntakeSubmit => Submit(session, state, now),
            Verbs.IntakeCancel => new EngineStep
            {
                DeleteIntakeFor = session.Reporter.Key,
                Reply = InteractionReply.Replace(CardData.Notice("Report cancelled", "Nothing was opened. Start again any time.")),
            },
            _ => EngineStep.Replying(InteractionReply.Notice($"Unknown action '{action.Verb}'.")),
        };
    }

    private EngineStep Show(IntakeSession session) =>
        new() { SaveIntake = session, Reply = InteractionReply.Replace(Cards.Questions(session, new Dictionary<string, string>())) };

    private EngineStep Next(IntakeSession session, IReadOnlyDictionary<string, string> data, IEngineState state, Instant now)
    {
        var presented = (data.TryGetValue(Verbs.ShownKey, out var shown) ? shown : "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var answers = IntakeFlow.Merge(parts.Policy, session.Answers, data, presented);
        session = session with { Answers = answers, Stage = IntakeStage.Answering, UpdatedAt = now };
        var visible = IntakeFlow.Visible(parts.Policy, answers);
        var errors = IntakeFlow.Validate(visible.Where(q => presented.Contains(q.Id)), answers);
        if (errors.Count > 0)
        {
            return new EngineStep { SaveIntake = session, Reply = InteractionReply.Invalid(Cards.Questions(session, errors), errors) };
        }
        if (visible.Any(q => !presented.Contains(q.Id)))
        {
            // New questions appeared because of these answers: show them before going on.
            return Show(session);
        }
        var deflection = parts.Policy.Deflections.FirstOrDefault(d => answers.TryGetValue("category", out var c) && c == d.Category);
        if (deflection is not null)
        {
            session = session with { Stage = IntakeStage.Deflecting };
            return new EngineStep { SaveIntake = session, Reply = InteractionReply.Replace(Cards.Deflection(deflection)) };
        }
        return Confirm(session, state, now);
    }

    private EngineStep Confirm(IntakeSession session, IEngineState state, Instant now)
    {
        session = session with { Stage = IntakeStage.Confirming, UpdatedAt = now };
        return new EngineStep { SaveIntake = session, Reply = InteractionReply.Replace(Cards.Preview(session, now, MatchingIncident(session, state, now))) };
    }

    /// <summary>
    /// An open incident (a severity that opens a bridge) of the same category and region, opened within
    /// the policy's window: a report of it should join it rather than open a duplicate. The customer must
    /// be the same too (or neither names one), so nobody learns of another customer's case.
    /// </summary>
    private CaseRecord? MatchingIncident(IntakeSession session, IEngineState state, Instant now)
    {
        var category = session.Answers.GetValueOrDefault("category");
        var region = session.Answers.GetValueOrDefault("region");
        var customer = session.Answers.GetValueOrDefault("customer")?.Trim();
        var incidents = parts.Policy.Severities.Where(s => s.OpensBridge).Select(s => s.Id).ToList();
        return state.OpenCasesReceivedSince(now - parts.Policy.Reminders.DuplicateWindow, incidents).FirstOrDefault(c =>
            c.Category == category && c.Region == region
            && string.Equals(c.Customer?.Trim() ?? "", customer ?? "", StringComparison.OrdinalIgnoreCase)
            && !c.Reporters.Any(r => r.Key == session.Reporter.Key));
    }

    /// <summary>The reporter joins the open incident: no new case; they get its updates by direct message.</summary>
    private EngineStep Join(IntakeSession session, string caseId, IEngineState state, Instant now)
    {
        var c = state.FindCaseById(caseId);
        if (c is null || !c.IsOpen || MatchingIncident(session, state, now)?.Id != c.Id)
        {
            return new EngineStep { Reply = InteractionReply.Replace(Cards.Preview(session, now, MatchingIncident(session, state, now))) };
        }
        var reporter = session.Reporter;
        var after = c with { LinkedReporters = [.. c.LinkedReporters, reporter] };
        var step = new EngineStep { DeleteIntakeFor = reporter.Key };
        var said = session.Answers.GetValueOrDefault("description") ?? session.Answers.GetValueOrDefault("title") ?? "";
        parts.Change(step, c, after, now, EngineParts.Event(c, null, now, "report-linked",
            $"{reporter.Name} reported the same problem and joined this case instead of opening another: {said}",
            new Dictionary<string, string>(session.Answers) { ["reporter"] = reporter.Key }));
        step.Reply = InteractionReply.Replace(CardData.Notice($"You joined {c.Number}",
            $"Support is already working on this: {c.Title}. You will get its updates here."));
        return step;
    }

    private EngineStep FixedByDeflection(IntakeSession session, IEngineState state, Instant now)
    {
        var step = new EngineStep { DeleteIntakeFor = session.Reporter.Key };
        var opened = NewCase(session, state, now) with
        {
            Status = CaseStatus.Closed,
            FirstResponseAt = now,
            ResolvedAt = now,
            ClosedAt = now,
            ResolutionDueAt = null,
            ClockPausedAt = now,
            ResolvedAtFirstContact = true,
            Outcome = new Outcome(OutcomeKind.Fixed, "Fixed by the reporter with the troubleshooting steps.", null, null),
        };
        step.Cases.Add(new CaseChange(opened, 0,
        [
            EngineParts.Event(opened, null, now, "opened", $"{session.Reporter.Name} reported a problem ({opened.SeverityReason}).",
                new Dictionary<string, string> { ["severity"] = opened.SeverityId }),
            new(opened.Id, now, session.Reporter.Key, session.Reporter.Name, "resolved-at-first-contact",
                "The troubleshooting steps fixed it; resolved at first contact.", new Dictionary<string, string> { ["outcome"] = "fixed" }),
        ]));
        step.Reply = InteractionReply.Replace(CardData.Notice("Glad that fixed it",
            $"Recorded as {opened.Number}, resolved at first contact. Report again any time if it comes back."));
        return step;
    }

    private EngineStep Submit(IntakeSession session, IEngineState state, Instant now)
    {
        var visible = IntakeFlow.Visible(parts.Policy, session.Answers);
        var errors = IntakeFlow.Validate(visible, session.Answers);
        if (errors.Count > 0)
        {
            session = session with { Stage = IntakeStage.Answering, UpdatedAt = now };
            return new EngineStep { SaveIntake = session, Reply = InteractionReply.Invalid(Cards.Questions(session, errors), errors) };
        }
        if (TooMany(session.Reporter, state, now) is { } refusal)
        {
            // The answers are kept: the same Submit works once the while has passed.
            return new EngineStep { Reply = InteractionReply.Replace(CardData.Notice("Not opened yet", refusal)) };
        }
        var step = new EngineStep { DeleteIntakeFor = session.Reporter.Key };
        var opened = NewCase(session, state, now);
        var events = new List<CaseEvent>
        {
            EngineParts.Event(opened, null, now, "opened",
                $"{session.Reporter.Name} reported a problem. {opened.SeverityReason}.",
                new Dictionary<string, string> { ["severity"] = opened.SeverityId, ["reporter"] = session.Reporter.Key }),
        };
        var bridgeOps = new EngineStep();
        var c = bridge.Open(bridgeOps, events, opened, now);
        step.Cases.Add(new CaseChange(c, 0, events));
        if (c.TriageChannel is { } triage)
        {
            step.Outbox.Add(new PostMessage(triage, parts.Cards.Triage(c, now), c.TriageMessageKey) { CaseNumber = c.Number });
        }
        // The triage card first, then the bridge: each lane keeps its own order.
        step.Outbox.AddRange(bridgeOps.Outbox);
        parts.ScheduleResponseReminders(step, c, now);
        parts.ScheduleUpdateReminder(step, c, now);
        escalation.ScheduleLadder(step, c, now);
        step.Reply = InteractionReply.Replace(parts.Cards.CaseOpened(c, now));
        return step;
    }

    /// <summary>Why this person may not open another case now, or null when they may.</summary>
    private string? TooMany(UserRef reporter, IEngineState state, Instant now)
    {
        var limit = parts.RateLimit;
        if (!limit.IsOn)
        {
            return null;
        }
        var recent = state.CasesReportedSince(reporter.Key, now - limit.Window);
        return recent.Count < limit.MaxReports
            ? null
            : $"You've opened {recent.Count} cases in the last {Display.Span(limit.Window)} ({string.Join(", ", recent)}), the most I take from one person in that time. " +
              $"Add anything new to one of them (status {recent[^1]} shows it), or try again in a few minutes.";
    }

    private CaseRecord NewCase(IntakeSession session, IEngineState state, Instant now)
    {
        var decision = SeverityRules.Decide(parts.Policy, session.Answers);
        var severity = decision.Severity;
        return new CaseRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            Number = state.NextCaseNumber(parts.Policy.CasePrefix),
            Status = CaseStatus.New,
            SeverityId = severity.Id,
            SeverityReason = decision.Reason,
            Reporter = session.Reporter,
            ReportedIn = session.Conversation,
            Answers = session.Answers,
            OpenedAt = now,
            ResponseDueAt = ResponseTargets.Due(parts.Policy, severity, now, session.Answers),
            ResolutionDueAt = CaseClocks.ResolutionDue(parts.Policy, severity, now, Duration.Zero),
            TriageChannel = parts.Desk.Triage,
        };
    }
}
