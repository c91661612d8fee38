using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Escalation;
using SupportBot.Core.OnCall;
using SupportBot.Core.Sla;

namespace SupportBot.Core.Engine;

/// <summary>
/// Escalation pages (DESIGN §5). A ladder level fires on its trigger, on a lapsed claim, on a manual
/// request or when the level before it goes unacknowledged. A page is a direct message with
/// Acknowledge / Take over to whoever the level's role resolves to at that moment; no acknowledgement
/// within the timeout repeats it, then pages the next level. Everything goes on the case log.
/// </summary>
public sealed class EscalationSteps(EngineParts parts, BridgeSteps bridge)
{
    /// <summary>Longest text kept per written field, as the form allows: pages repeat it, and Teams takes at most 28 KB.</summary>
    public static readonly IReadOnlyDictionary<string, int> FieldLimits = new Dictionary<string, int>
    {
        ["description"] = 1000,
        ["progress"] = 2000,
        ["impact"] = 500,
        ["reason"] = 500,
    };

    private EscalationCards Cards => parts.EscalationCards;

    /// <summary>
    /// (Re)sets the timers of the levels still ahead. Triggers already past (after a severity change)
    /// keep only the latest, so the case is paged once where it stands rather than once per level.
    /// </summary>
    public void ScheduleLadder(EngineStep step, CaseRecord c, Instant now)
    {
        step.Timers.Add(new CancelTimers(c.Id, TimerKeys.LadderPrefix));
        if (!c.IsOpen || LadderClock.LadderFor(parts.Policy, c.SeverityId) is not { } ladder)
        {
            return;
        }
        var ahead = ladder.Levels.Where(l => l.Number > c.Escalation.Level)
            .Select(l => (Level: l, Due: LadderClock.Due(parts.Policy, c, l)))
            .Where(x => x.Due is not null)
            .ToList();
        var latestPast = ahead.Where(x => x.Due <= now).Select(x => x.Level.Number).DefaultIfEmpty(0).Max();
        foreach (var (level, due) in ahead.Where(x => x.Due > now || x.Level.Number == latestPast))
        {
            step.Timers.Add(new SetTimer(c.Id, TimerKeys.Ladder(level.Number), TimerKinds.LadderLevelDue, due!.Value));
        }
    }

    public EngineStep LevelDue(DueTimer timer, CaseRecord c, Instant now)
    {
        var n = TimerKeys.LevelOf(timer.Key);
        if (LadderClock.LadderFor(parts.Policy, c.SeverityId) is not { } ladder || n > ladder.Levels.Count)
        {
            return new EngineStep();
        }
        var level = ladder.Levels[n - 1];
        if (!LadderClock.Holds(c, level, now))
        {
            // A breach whose clock moved on (paused, then resumed) waits for the new due time.
            var later = new EngineStep();
            if (c.IsOpen && LadderClock.Due(parts.Policy, c, level) is { } due && due > now && c.Escalation.Level < n)
            {
                later.Timers.Add(new SetTimer(c.Id, timer.Key, timer.Kind, due));
            }
            return later;
        }
        if (c.Escalation.Level >= n)
        {
            return AlreadyPast(c, level, now);
        }
        var step = new EngineStep();
        var events = new List<CaseEvent>();
        var after = Page(step, events, c, ladder, n, 1, LadderClock.Reason(parts.Policy, c, level), now);
        parts.Change(step, c, after, now, [.. events]);
        return step;
    }

    /// <summary>
    /// Unacknowledged pages moved the ladder past this level before its trigger: a breach still goes on
    /// the log and to triage, so that it is not missed, but nobody is paged twice.
    /// </summary>
    private EngineStep AlreadyPast(CaseRecord c, LadderLevel level, Instant now)
    {
        if (level.Trigger.Kind is not (TriggerKind.ResponseBreach or TriggerKind.ResolutionBreach))
        {
            return new EngineStep();
        }
        var breach = LadderClock.Reason(parts.Policy, c, level);
        var step = new EngineStep();
        step.Cases.Add(new CaseChange(c, c.Version, [EngineParts.Event(c, null, now,
            level.Trigger.Kind == TriggerKind.ResolutionBreach ? "resolution-breached" : "response-breached",
            $"{Capitalised(breach)}; the ladder is already at level {c.Escalation.Level}, so nobody is paged again.")]));
        parts.TellTriage(step, c, parts.Cards.Reminder(c, now, $"{c.Number}: {breach}",
            $"The escalation ladder is already at level {c.Escalation.Level}. Someone must own this case now."));
        return step;
    }

    public EngineStep PageTimeout(DueTimer timer, CaseRecord c, Instant now)
    {
        var n = TimerKeys.LevelOf(timer.Key);
        var e = c.Escalation;
        if (!c.IsOpen || e.Level != n || e.IsAcknowledged || LadderClock.LadderFor(parts.Policy, c.SeverityId) is not { } ladder || n > ladder.Levels.Count)
        {
            return new EngineStep();
        }
        var level = ladder.Levels[n - 1];
        var within = Display.Span(level.AckTimeout);
        var step = new EngineStep();
        var events = new List<CaseEvent>
        {
            EngineParts.Event(c, null, now, "page-timeout",
                $"No acknowledgement of the level {n} page ({level.Name}, attempt {e.Attempt} of {level.Repeats + 1}) within {within}.",
                Data(n, e.Attempt)),
        };
        CaseRecord after;
        if (e.Attempt <= level.Repeats)
        {
            after = Page(step, events, c, ladder, n, e.Attempt + 1, $"repeat: no acknowledgement within {within}", now);
        }
        else if (n < ladder.Levels.Count)
        {
            after = Page(step, events, c, ladder, n + 1, 1,
                $"level {n} ({level.Name}) was not acknowledged after {e.Attempt} page{(e.Attempt == 1 ? "" : "s")}", now);
        }
        else
        {
            Exhausted(step, events, c, level, now);
            after = c;
        }
        parts.Change(step, c, after, now, [.. events]);
        return step;
    }

    /// <summary>The ladder moves on past whatever level the case is at, for a reason given by the caller (a lapsed claim).</summary>
    public CaseRecord MoveOn(EngineStep step, List<CaseEvent> events, CaseRecord c, string why, Instant now)
    {
        if (LadderClock.LadderFor(parts.Policy, c.SeverityId) is not { } ladder || c.Escalation.Level >= ladder.Levels.Count)
        {
            return c;
        }
        return Page(step, events, c, ladder, c.Escalation.Level + 1, 1, why, now);
    }

    public EngineStep Handle(CardActionInvoked action, Actor actor, CaseRecord c, IEngineState state, Instant now)
    {
        var text = (string key) => action.Data.TryGetValue(key, out var v) ? v.Trim() : "";
        var level = int.TryParse(text("level"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var l) ? l : 0;
        return action.Verb switch
        {
            Verbs.PageAck => Acknowledge(actor, c, level, takeOver: false, now),
            Verbs.PageTakeOver => Acknowledge(actor, c, level, takeOver: true, now),
            Verbs.EscalationRequest => Request(actor, c, text, state, now),
            _ => Refuse($"Unknown action '{action.Verb}'."),
        };
    }

    /// <summary>The written request form for <c>escalate &lt;case&gt;</c>, or the policy's refusal.</summary>
    public EngineStep Form(Actor actor, CaseRecord c, IEngineState state, Instant now)
    {
        if (Refusal(actor, c, now) is { } refusal)
        {
            return Refuse(refusal);
        }
        var next = LadderClock.LadderFor(parts.Policy, c.SeverityId)!.Levels[c.Escalation.Level];
        var fields = new Dictionary<string, string>
        {
            ["description"] = c.Description ?? c.Title,
            ["progress"] = ProgressFromLog(state, c, actor),
            ["impact"] = parts.Cards.OptionTitle("impact", c.Answer("impact")),
        };
        return EngineStep.Replying(InteractionReply.Message(Cards.EscalateForm(c, now, next, fields, parts.Cards.ZoneOf(actor.User))));
    }

    /// <summary>Removes the buttons from every page still waiting, saying why (the case was resolved, or the ladder moved on).</summary>
    public void ClosePages(EngineStep step, CaseRecord c, Instant now, string note)
    {
        var e = c.Escalation;
        if (e.Level == 0 || e.IsAcknowledged || LadderClock.LadderFor(parts.Policy, c.SeverityId) is not { } ladder || e.Level > ladder.Levels.Count)
        {
            return;
        }
        UpdatePages(step, c, ladder, ladder.Levels[e.Level - 1], now, note);
    }

    private EngineStep Acknowledge(Actor actor, CaseRecord c, int n, bool takeOver, Instant now)
    {
        var e = c.Escalation;
        if (!actor.IsAgent)
        {
            return Refuse($"There is no case {c.Number} that you can see.");
        }
        if (!c.IsOpen)
        {
            return Refuse($"{c.Number} is {c.Status.Title().ToLowerInvariant()}; the page needs no answer.");
        }
        if (LadderClock.LadderFor(parts.Policy, c.SeverityId) is not { } ladder || e.Level == 0 || e.Level > ladder.Levels.Count)
        {
            return Refuse($"No page is waiting on {c.Number}.");
        }
        if (n != e.Level)
        {
            return Refuse($"{c.Number} has moved on to level {e.Level} ({ladder.Levels[e.Level - 1].Name}); that page needs no answer.");
        }
        var level = ladder.Levels[n - 1];
        var person = actor.Person;
        if (person is null || !(e.Pages.Any(p => p.PersonId == person.Id) || parts.Policy.People.HasRole(person, level.Role) || actor.IsManager))
        {
            return Refuse($"This page is for {string.Join(", ", e.Pages.Select(p => p.To.Name).Distinct())}.");
        }
        if (e.AcknowledgedBy is { } by && !takeOver)
        {
            return Refuse(parts.SamePerson(by, actor.User)
                ? $"You acknowledged this at {Display.Time(e.AcknowledgedAt!.Value, person.Zone)}."
                : $"{by.Name} acknowledged this at {Display.Time(e.AcknowledgedAt!.Value, person.Zone)}.");
        }
        if (takeOver && c.Owner is { } current && parts.SamePerson(current, actor.User))
        {
            return Refuse($"You already own {c.Number}.");
        }

        var step = new EngineStep();
        var events = new List<CaseEvent>();
        var after = c;
        if (!e.IsAcknowledged)
        {
            after = after with { Escalation = e with { AcknowledgedBy = actor.User with { Name = actor.Name }, AcknowledgedAt = now } };
            events.Add(EngineParts.Event(c, actor, now, "page-acknowledged",
                $"{actor.Name} acknowledged the level {n} page ({level.Name}) {Display.Span(now - e.PagedAt!.Value)} after the first page.",
                new Dictionary<string, string>(Data(n, e.Attempt)) { ["seconds"] = ((long)(now - e.PagedAt!.Value).TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) }));
            // Every pending page of this level stops at once, on every surface it went to.
            step.Timers.Add(new CancelTimers(c.Id, TimerKeys.Page(n)));
        }
        if (takeOver)
        {
            after = TakeOver(step, events, actor, c, after, now);
        }
        parts.Change(step, c, after, now, [.. events]);
        var note = $"Acknowledged by {after.Escalation.AcknowledgedBy!.Name}" + (takeOver ? $"; {actor.Name} owns the case now." : ".");
        UpdatePages(step, after, ladder, level, now, note);
        step.Reply = InteractionReply.Replace(Cards.Page(after, now, level, ladder.Levels.Count, note, person.Zone, note));
        return step;
    }

    private CaseRecord TakeOver(EngineStep step, List<CaseEvent> events, Actor actor, CaseRecord before, CaseRecord c, Instant now)
    {
        var previous = c.Owner;
        var after = c with
        {
            Owner = actor.User,
            ClaimedAt = now,
            Status = c.Status == CaseStatus.New ? CaseStatus.Acknowledged : c.Status,
            FirstResponseAt = c.FirstResponseAt ?? now,
        };
        events.Add(EngineParts.Event(before, actor, now, "taken-over",
            previous is null ? $"{actor.Name} took over the case from the page." : $"{actor.Name} took over the case from {previous.Name}.",
            new Dictionary<string, string> { ["owner"] = actor.User.Key }));
        step.Timers.Add(new CancelTimers(c.Id, TimerKeys.ResponsePrefix));
        parts.ArmClaimLapse(step, after, now);
        parts.ScheduleUpdateReminder(step, after, now);
        bridge.Invite(step, after, actor.User);
        EngineParts.TellReporters(step, after, r => parts.Cards.CaseUpdate(after, now, $"{actor.Name} is working on your case",
            $"{actor.Name} from support has taken over {c.Number} and will keep you updated.", actor.Name, parts.Cards.ZoneOf(r)));
        if (previous is not null)
        {
            step.Outbox.Add(new DirectMessage(previous, parts.Cards.Reminder(after, now, $"{actor.Name} took over {c.Number}",
                $"{actor.Name} took over {c.Number} from an escalation page; you no longer own it.", parts.Cards.ZoneOf(previous)), null)
            { CaseNumber = c.Number });
        }
        return after;
    }

    private EngineStep Request(Actor actor, CaseRecord c, Func<string, string> text, IEngineState state, Instant now)
    {
        if (Refusal(actor, c, now) is { } refusal)
        {
            return Refuse(refusal);
        }
        var ladder = LadderClock.LadderFor(parts.Policy, c.SeverityId)!;
        var next = ladder.Levels[c.Escalation.Level];
        var fields = new Dictionary<string, string>
        {
            ["description"] = First(text("description"), c.Description, c.Title),
            ["progress"] = First(text("progress"), ProgressFromLog(state, c, actor)),
            ["impact"] = text("impact"),
            ["reason"] = text("reason"),
        };
        var errors = ladder.Manual.RequiredFields.Where(f => fields.GetValueOrDefault(f, "").Length == 0)
            .ToDictionary(f => f, f => f switch
            {
                "impact" => "Say what the business impact is.",
                "reason" => "Say why the case needs escalating.",
                "progress" => "Say what has been done so far.",
                _ => "Describe the problem.",
            });
        foreach (var (field, limit) in FieldLimits)
        {
            if (fields[field].Length > limit)
            {
                errors[field] = $"Keep it to {limit} characters (it has {fields[field].Length}).";
            }
        }
        if (errors.Count > 0)
        {
            // The form comes back with what was written, so nothing typed is lost.
            return new EngineStep { Reply = InteractionReply.Invalid(Cards.EscalateForm(c, now, next, fields, parts.Cards.ZoneOf(actor.User)), errors) };
        }
        var request = new EscalationRequest(next.Number, actor.Name, actor.Person?.Id, fields["description"], fields["progress"], fields["impact"], fields["reason"]);
        var step = new EngineStep();
        var events = new List<CaseEvent>
        {
            EngineParts.Event(c, actor, now, "escalation-requested",
                $"{actor.Name} asked for escalation to level {next.Number} ({next.Name}): {request.Reason}. Business impact: {Or(request.Impact)}. Progress to date: {Or(request.Progress)}",
                fields),
        };
        var after = Page(step, events, c with { Escalation = c.Escalation with { Request = request } }, ladder, next.Number, 1,
            $"{actor.Name} asked for it: {request.Reason}", now, request);
        parts.Change(step, c, after, now, [.. events]);
        var told = actor.IsAgent && after.Escalation.Level == next.Number && after.Escalation.Pages.Count > 0
            ? $"Paged {string.Join(", ", after.Escalation.Pages.Select(p => p.To.Name).Distinct())} (level {next.Number}, {next.Name})."
            : $"The level {next.Number} escalation contact ({next.Name}) has been paged.";
        step.Reply = InteractionReply.Replace(CardData.Notice($"{c.Number} escalated", told + " Your request is on the case log."));
        return step;
    }

    /// <summary>Why this person may not ask for escalation now, in the policy's words; null when they may.</summary>
    private string? Refusal(Actor actor, CaseRecord c, Instant now)
    {
        if (!actor.IsAgent && !c.Reporters.Any(r => parts.SamePerson(r, actor.User)))
        {
            return $"There is no case {c.Number} that you can see.";
        }
        if (!c.IsOpen)
        {
            return $"{c.Number} is {c.Status.Title().ToLowerInvariant()}; only an open case can be escalated.";
        }
        var severity = parts.Policy.Severity(c.SeverityId);
        if (LadderClock.LadderFor(parts.Policy, c.SeverityId) is not { } ladder)
        {
            return $"{severity.Name} cases have no escalation ladder; ask in the triage channel.";
        }
        if (!ladder.Manual.Allowed)
        {
            return ladder.Manual.RefusalReason;
        }
        if (ladder.Manual.NotBefore is { } notBefore)
        {
            var from = WorkingTime.Due(CaseClocks.CalendarOf(parts.Policy, severity, notBefore), c.OpenedAt, notBefore);
            if (now < from)
            {
                return $"{ladder.Manual.RefusalReason} You can ask from {Display.Time(from, parts.Cards.ZoneOf(actor.User))}.";
            }
        }
        if (c.Escalation.Level >= ladder.Levels.Count)
        {
            var last = ladder.Levels[^1];
            return $"{c.Number} is already at the last level of its ladder ({last.Name}); they have been paged.";
        }
        return null;
    }

    /// <summary>
    /// Pages level <paramref name="n"/>: resolves its role to people now, sends each a page on every
    /// platform the desk reaches them on (by their account there, or by email: <see cref="Person.On"/>), and arms the acknowledgement timeout. Nobody reachable: the
    /// ladder goes straight on to the next level, so nothing waits on a page that was never sent.
    /// </summary>
    private CaseRecord Page(EngineStep step, List<CaseEvent> events, CaseRecord c, EscalationLadder ladder, int n, int attempt, string why, Instant now, EscalationRequest? request = null)
    {
        var level = ladder.Levels[n - 1];
        var previous = c.Escalation;
        var choice = OnDuty.Resolve(parts.Policy.People, level.Role, now, Exclude(c, request));
        var pages = new List<PageSent>();
        var unreachable = new List<string>();
        foreach (var person in choice.People)
        {
            var before = pages.Count;
            foreach (var platform in parts.Desk.Platforms)
            {
                if (person.On(platform) is { } to)
                {
                    pages.Add(new PageSent(person.Id, to, $"case:{c.Id}:page:{n}:{attempt}:{person.Id}:{platform.Id()}"));
                }
            }
            if (pages.Count == before)
            {
                unreachable.Add(person.Name);
            }
        }
        if (previous.Level != 0 && previous.Level != n)
        {
            // The level before stops waiting: its timeout is moot and its pages lose their buttons.
            step.Timers.Add(new CancelTimers(c.Id, TimerKeys.Page(previous.Level)));
            if (!previous.IsAcknowledged && previous.Level <= ladder.Levels.Count)
            {
                UpdatePages(step, c, ladder, ladder.Levels[previous.Level - 1], now, $"Moved on to level {n} ({level.Name}).");
            }
        }
        var keepRequest = request ?? (previous.Level == n ? previous.Request : null);
        var after = c with
        {
            // PagedAt is the level's first page, so the time to acknowledge counts from it, not from the last repeat.
            Escalation = new EscalationState(n, attempt, attempt == 1 ? now : previous.PagedAt ?? now,
                attempt == 1 ? pages : [.. previous.Pages, .. pages], null, null, keepRequest),
        };
        var cantReach = unreachable.Count == 0 ? "" : $" {string.Join(", ", unreachable)} cannot be reached on {string.Join(" or ", parts.Desk.Platforms.Select(p => p.Id()))}.";
        if (pages.Count == 0)
        {
            events.Add(EngineParts.Event(c, null, now, "page-skipped",
                $"Nobody could be paged at level {n} ({level.Name}): {choice.Why}.{cantReach}", Data(n, attempt)));
            if (n < ladder.Levels.Count)
            {
                return Page(step, events, after, ladder, n + 1, 1, $"level {n} ({level.Name}) had nobody to page", now);
            }
            Exhausted(step, events, after, level, now);
            return after;
        }
        var names = string.Join(", ", pages.Select(p => p.To.Name).Distinct());
        var repeat = attempt == 1 ? "" : $", repeat {attempt - 1} of {level.Repeats}";
        events.Add(EngineParts.Event(c, null, now, "paged",
            $"Paged level {n} of {ladder.Levels.Count} ({level.Name}{repeat}): {names}, because {why}. {Capitalised(choice.Why)}.{cantReach}",
            new Dictionary<string, string>(Data(n, attempt))
            {
                ["role"] = level.Role,
                ["people"] = string.Join(",", pages.Select(p => p.PersonId).Distinct()),
                ["accounts"] = string.Join(",", pages.Select(p => p.To.Key)),
                ["why"] = why,
            }));
        foreach (var page in pages)
        {
            var zone = parts.Policy.People.Find(page.PersonId)?.Zone ?? parts.Policy.DisplayZone;
            step.Outbox.Add(new DirectMessage(page.To, Cards.Page(after, now, level, ladder.Levels.Count, Capitalised(why), zone), page.MessageKey)
            { CaseNumber = c.Number, Delivery = DeliveryClass.AtLeastOnce });
        }
        step.Timers.Add(new SetTimer(c.Id, TimerKeys.Page(n), TimerKinds.PageTimeout, now + level.AckTimeout));
        return after;
    }

    private void Exhausted(EngineStep step, List<CaseEvent> events, CaseRecord c, LadderLevel level, Instant now)
    {
        events.Add(EngineParts.Event(c, null, now, "ladder-exhausted",
            $"Level {level.Number} ({level.Name}) is the last level of the ladder and nobody acknowledged it; triage and the managers are told."));
        var headline = $"Escalation ladder exhausted on {c.Number}";
        var body = $"Nobody acknowledged the last level ({level.Name}). Someone must pick this up now.";
        parts.TellTriage(step, c, parts.Cards.Reminder(c, now, headline, body));
        if (parts.Desk.Managers is { } managers)
        {
            step.Outbox.Add(new PostMessage(managers, parts.Cards.Reminder(c, now, headline, body), null) { CaseNumber = c.Number });
        }
    }

    /// <summary>Redraws every page sent at the case's current level without buttons (edits do not notify anyone).</summary>
    private void UpdatePages(EngineStep step, CaseRecord c, EscalationLadder ladder, LadderLevel level, Instant now, string note)
    {
        foreach (var page in c.Escalation.Pages)
        {
            var zone = parts.Policy.People.Find(page.PersonId)?.Zone ?? parts.Policy.DisplayZone;
            step.Outbox.Add(new UpdateMessage(page.MessageKey, page.To.DirectLane, Cards.Page(c, now, level, ladder.Levels.Count, note, zone, note)) { CaseNumber = c.Number });
        }
    }

    /// <summary>Nobody is paged about their own case or their own request: the owner and the requester are skipped.</summary>
    private HashSet<string> Exclude(CaseRecord c, EscalationRequest? request)
    {
        var exclude = new HashSet<string>(StringComparer.Ordinal);
        if (c.Owner is { } owner && parts.PersonOf(owner) is { } person)
        {
            exclude.Add(person.Id);
        }
        if ((request ?? c.Escalation.Request)?.ByPersonId is { } by)
        {
            exclude.Add(by);
        }
        return exclude;
    }

    /// <summary>
    /// Progress to date, from the log: what people did, oldest first, without the bot's reminders; a
    /// reporter sees only what they may read of the log. Each entry is cut short so pages stay small.
    /// </summary>
    private string ProgressFromLog(IEngineState state, CaseRecord c, Actor actor)
    {
        var done = state.RecentEvents(c.Id, 100)
            .Where(e => e.ActorKey != CaseEvent.System && e.Type != "opened" && (actor.IsAgent || ReporterView.Shows(e)))
            .TakeLast(8)
            .Select(e => $"{Display.Time(e.At, parts.Policy.DisplayZone)}: {(e.Summary.Length > 300 ? e.Summary[..299] + "…" : e.Summary)}")
            .ToList();
        return done.Count == 0 ? "Nothing recorded yet." : string.Join("\n", done);
    }

    private static Dictionary<string, string> Data(int level, int attempt) => new()
    {
        ["level"] = level.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["attempt"] = attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim() ?? "";

    private static string Or(string value) => value.Length == 0 ? "not given" : value;

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static EngineStep Refuse(string text) => EngineStep.Replying(InteractionReply.Notice(text));
}
