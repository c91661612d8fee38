using NodaTime;
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

    public CommandSteps(EngineParts parts, IntakeSteps intake)
    {
        this.parts = parts;
        table =
        [
            ("help", "help", "Show what I can do.", (a, e, args, s, now) => HelpStep()),
            ("report", "report", "Report a problem: opens the intake card.", (a, e, args, s, now) => intake.Start(e.From, e.Conversation, args, s, now)),
            ("queue", "queue", "List open cases by severity, then time of receipt, with the time left on each clock.", Queue),
            ("status", "status <case>", "Show a case, its clocks and its latest log entries.", Status),
        ];
    }

    public bool Knows(string verb) => table.Any(t => string.Equals(t.Verb, verb, StringComparison.OrdinalIgnoreCase));

    /// <summary>"help", "queue", or "status SUP-000042": the whole text is the command, not a sentence that starts with one.</summary>
    public static bool IsBare(string verb, string args) =>
        args.Length == 0 || (string.Equals(verb, "status", StringComparison.OrdinalIgnoreCase) && !args.Trim().Contains(' ', StringComparison.Ordinal));

    public IEnumerable<(string Usage, string Help)> Commands => table.Select(t => (t.Usage, t.Help));

    public EngineStep Handle(Actor actor, InboundEvent e, string verb, string args, IEngineState state, Instant now)
    {
        var entry = table.FirstOrDefault(t => string.Equals(t.Verb, verb, StringComparison.OrdinalIgnoreCase));
        return entry.Run is null
            ? EngineStep.Replying(InteractionReply.Notice($"I don't know '{verb}'. Try help."))
            : entry.Run(actor, e, args.Trim(), state, now);
    }

    public EngineStep HelpStep() => EngineStep.Replying(InteractionReply.Message(CardData.Help(Commands)));

    private EngineStep Queue(Actor actor, InboundEvent e, string args, IEngineState state, Instant now)
    {
        var open = state.OpenCases();
        if (actor.IsAgent)
        {
            return EngineStep.Replying(InteractionReply.Message(parts.Cards.Queue(open, now, "Open cases")));
        }
        var mine = open.Where(c => c.Reporter.Key == actor.User.Key).ToList();
        return EngineStep.Replying(InteractionReply.Message(parts.Cards.Queue(mine, now, "Your open cases")));
    }

    private EngineStep Status(Actor actor, InboundEvent e, string args, IEngineState state, Instant now)
    {
        if (args.Length == 0)
        {
            return EngineStep.Replying(InteractionReply.Notice("Which case? For example: status SUP-000042"));
        }
        var number = args.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0].ToUpperInvariant();
        var c = state.FindCase(number);
        // A reporter asking about someone else's case learns nothing about it, not even that it exists.
        if (c is null || (!actor.IsAgent && c.Reporter.Key != actor.User.Key))
        {
            return EngineStep.Replying(InteractionReply.Notice($"There is no case {number} that you can see."));
        }
        return EngineStep.Replying(InteractionReply.Message(parts.Cards.Status(c, state.RecentEvents(c.Id, 10), now)));
    }
}
