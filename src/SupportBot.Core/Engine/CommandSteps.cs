using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;

namespace SupportBot.Core.Engine;

/// <summary>
/// Text commands, from one table of (verb, usage, help); <c>help</c> is generated from it.
/// Agents see the whole queue; a reporter sees their own cases.
/// </summary>
public sealed class CommandSteps
{
    private delegate EngineStep Run(Actor actor, InboundEvent e, string args, IEngineState state, Instant now);

    private readonly EngineParts parts;
    private readonly (string Verb, string Usage, string Help, Run Run)[] table;

    private readonly EscalationSteps escalation;

    private readonly DeskSteps desk;

    public CommandSteps(EngineParts parts, IntakeSteps intake, EscalationSteps escalation, DeskSteps desk)
    {
        this.parts = parts;
        this.escalation = escalation;
        this.desk = desk;
        table =
        [
            ("help", "help", "Show what I can do.", (a, e, args, s, now) => HelpStep(a)),
            ("report", "report", "Report a problem: opens the intake card.", (a, e, args, s, now) => intake.Start(e.From, e.Conversation, args, s, now)),
            ("queue", "queue", "List open cases by severity, then time of receipt, with the time left on each clock.", Queue),
            ("status", "status <case>", "Show a case, its clocks and its latest log entries.", Status),
            ("escalate", "escalate <case>", "Ask for escalation of an open case: the next level of its ladder is paged once you say why.", Escalate),
            ("set", "set triage|bridges|managers|admins", "In a channel: make it the desk's triage channel (case cards), bridges channel (Severity 1 bridges), managers' channel or admins' channel (lint findings). Managers and admins only.",
                (a, e, args, s, now) => desk.Set(a, e, args, now)),
            ("privacy", "privacy export|erase <person>", "Admins: export everything kept about one person as a JSON file, or erase their personal data (asks to confirm first).",
                (a, e, args, s, now) => PrivacySteps.Handle(a, e, args)),
        ];
    }

    public bool Knows(string verb) => table.Any(t => string.Equals(t.Verb, verb, StringComparison.OrdinalIgnoreCase));

    /// <summary>"help", "queue", or "status SUP-000042": the whole text is the command, not a sentence that starts with one.</summary>
    public static bool IsBare(string verb, string args) =>
        args.Length == 0 || (TakesCase(verb) && !args.Trim().Contains(' ', StringComparison.Ordinal));

    private static bool TakesCase(string verb) =>
        string.Equals(verb, "status", StringComparison.OrdinalIgnoreCase) || string.Equals(verb, "escalate", StringComparison.OrdinalIgnoreCase)
        || string.Equals(verb, "set", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<(string Usage, string Help)> Commands => table.Select(t => (t.Usage, t.Help));

    public EngineStep Handle(Actor actor, InboundEvent e, string verb, string args, IEngineState state, Instant now)
    {
        var entry = table.FirstOrDefault(t => string.Equals(t.Verb, verb, StringComparison.OrdinalIgnoreCase));
        return entry.Run is null
            ? EngineStep.Replying(InteractionReply.Notice($"I don't know '{verb}'. Try help."))
            : entry.Run(actor, e, args.Trim(), state, now);
    }

    /// <summary>The commands; an admin also sees where the desk's channels are now.</summary>
    public EngineStep HelpStep(Actor actor) =>
        EngineStep.Replying(InteractionReply.Message(CardData.Help(Commands, desk: actor.IsAdmin ? desk.Channels() : null)));

    /// <summary>When the bot joins a channel or team: how to make a channel the desk's, then the commands.</summary>
    public EngineStep Greeting() => EngineStep.Replying(InteractionReply.Message(CardData.Help(Commands, DeskSteps.Greeting)));

    private EngineStep Queue(Actor actor, InboundEvent e, string args, IEngineState state, Instant now)
    {
        if (actor.IsAgent)
        {
            var open = state.OpenQueueHead(CardData.QueueCardLimit);
            return EngineStep.Replying(InteractionReply.Message(parts.Cards.Queue(open.First, open.Count, now, "Open cases", parts.Cards.ZoneOf(actor.User))));
        }
        var mine = state.OpenCasesReportedBy(actor.User.Key);
        return EngineStep.Replying(InteractionReply.Message(parts.Cards.Queue(mine, now, "Your open cases", parts.Cards.ZoneOf(actor.User))));
    }

    private EngineStep Status(Actor actor, InboundEvent e, string args, IEngineState state, Instant now) =>
        args.Length == 0 && actor.IsAdmin ? desk.Status()
        : Visible(actor, args, state) is not { } c ? NotVisible("status", args)
            : EngineStep.Replying(InteractionReply.Message(parts.Cards.Status(c, Log(actor, c, state), now, parts.Cards.ZoneOf(actor.User))));

    /// <summary>The latest log entries; a reporter sees only what was done about their problem.</summary>
    private static List<CaseEvent> Log(Actor actor, CaseRecord c, IEngineState state) => actor.IsAgent
        ? [.. state.RecentEvents(c.Id, 10)]
        : [.. state.RecentEvents(c.Id, 100).Where(ReporterView.Shows).TakeLast(10)];

    private EngineStep Escalate(Actor actor, InboundEvent e, string args, IEngineState state, Instant now) =>
        Visible(actor, args, state) is not { } c ? NotVisible("escalate", args) : escalation.Form(actor, c, state, now);

    /// <summary>
    /// The case named in the arguments if this person may see it: agents see every case, a reporter the
    /// ones they reported or joined. Someone else's case is "no case", not even confirmed to exist.
    /// </summary>
    private static CaseRecord? Visible(Actor actor, string args, IEngineState state)
    {
        if (args.Length == 0)
        {
            return null;
        }
        var c = state.FindCase(args.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0].ToUpperInvariant());
        return c is not null && (actor.IsAgent || c.Reporters.Any(r => r.Key == actor.User.Key)) ? c : null;
    }

    private static EngineStep NotVisible(string verb, string args) => EngineStep.Replying(InteractionReply.Notice(args.Length == 0
        ? $"Which case? For example: {verb} SUP-000042"
        : $"There is no case {args.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0].ToUpperInvariant()} that you can see."));
}
