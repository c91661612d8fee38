using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Intake;
using SupportBot.Core.Policy;

namespace SupportBot.Core.Engine;

/// <summary>
/// The channel-agnostic core (DESIGN §2): takes a normalised event or a due timer and the state it
/// needs, and returns what to record, send and schedule. It never talks to a platform and never
/// reads a clock: <c>now</c> is passed in.
/// </summary>
public sealed class ConversationEngine
{
    private readonly EngineParts parts;
    private readonly IntakeSteps intake;
    private readonly TriageSteps triage;
    private readonly ReporterSteps reporter;
    private readonly CommandSteps commands;
    private readonly TimerSteps timers;
    private readonly EscalationSteps escalation;
    private readonly HandoffSteps handoffs;
    private readonly ClockTimers clocks;

    /// <summary>An engine whose desk never changes (tests, the simulator).</summary>
    public ConversationEngine(SupportPolicy policy, Desk desk)
        : this(policy, new FixedDesk(desk))
    {
    }

    /// <summary>An engine that reads the desk from <paramref name="desk"/> on every step, so registrations made in chat apply at once.</summary>
    /// <param name="rateLimit">New reports per person in a while (off when null).</param>
    public ConversationEngine(SupportPolicy policy, IDeskSource desk, IntakeRateLimit? rateLimit = null)
    {
        parts = new EngineParts(policy, desk) { RateLimit = rateLimit ?? IntakeRateLimit.Off };
        var bridge = new BridgeSteps(parts);
        escalation = new EscalationSteps(parts, bridge);
        intake = new IntakeSteps(parts, escalation, bridge);
        triage = new TriageSteps(parts, escalation, bridge);
        reporter = new ReporterSteps(parts, escalation, bridge);
        commands = new CommandSteps(parts, intake, escalation, new DeskSteps(parts));
        timers = new TimerSteps(parts, escalation);
        handoffs = new HandoffSteps(parts);
        clocks = new ClockTimers(parts, escalation);
    }

    /// <summary>What the desk needs scheduled once it runs (the first follow-the-sun hand-offs); safe to repeat at every start.</summary>
    public EngineStep Start(Instant now) => handoffs.Start(now);

    public SupportPolicy Policy => parts.Policy;

    public IEnumerable<(string Usage, string Help)> Commands => commands.Commands;

    public EngineStep Handle(InboundEvent e, IEngineState state, Instant now)
    {
        var actor = Actor.Resolve(parts.Policy, parts.Desk, e.From, e.Conversation);
        return e switch
        {
            CommandInvoked c => commands.Handle(actor, e, c.Verb, c.Arguments, state, now),
            MessageReceived m => OnMessage(actor, m, state, now),
            CardActionInvoked a => OnAction(actor, a, state, now),
            MembersAdded m when m.BotAdded && !m.Conversation.IsDirect => commands.Greeting(),
            _ => new EngineStep(),
        };
    }

    /// <summary>The timers a case needs pending now (for the timer auditor): its running clocks and the follow-ups still to come.</summary>
    public IReadOnlyList<ClockNeed> ClockTimers(CaseRecord c, IEngineState state, Instant now) => clocks.For(c, state, now);

    public EngineStep HandleTimer(DueTimer timer, IEngineState state, Instant now) => timer.CaseId == DeskTimers.CaseId
        ? handoffs.Handoff(timer, state, now)
        : timers.Handle(timer, state.FindCaseById(timer.CaseId), now);

    private EngineStep OnMessage(Actor actor, MessageReceived m, IEngineState state, Instant now)
    {
        var text = m.Text.Trim();
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var verb = space < 0 ? text : text[..space];
        var args = space < 0 ? "" : text[(space + 1)..];
        // A reporter whose case waits on them is answering the agent's question, unless they typed a bare command.
        var waiting = m.Conversation.IsDirect
            ? state.OpenCasesReportedBy(m.From.Key).Where(c => c.Status == CaseStatus.WaitingOnCustomer).ToList()
            : [];
        var isCommand = commands.Knows(verb) && (waiting.Count == 0 || CommandSteps.IsBare(verb, args));
        if (isCommand)
        {
            return commands.Handle(actor, m, verb, args, state, now);
        }
        if (!m.Conversation.IsDirect)
        {
            return EngineStep.Replying(InteractionReply.Notice("Try help to see what I can do."));
        }
        if (waiting.Count > 1 && text.Length > 0)
        {
            return EngineStep.Replying(InteractionReply.Notice(
                $"Support is waiting for your answer on {string.Join(" and ", waiting.Select(c => c.Number))}: use the Reply box on the question you are answering."));
        }
        if (waiting.Count == 1 && text.Length > 0)
        {
            var step = reporter.Reply(m.From, waiting[0], text, now);
            step.Reply = step.Reply is { Kind: ReplyKind.ReplaceCard, Card: { } card } ? InteractionReply.Message(card) : step.Reply;
            return step;
        }
        return intake.Start(m.From, m.Conversation, text, state, now);
    }

    private EngineStep OnAction(Actor actor, CardActionInvoked a, IEngineState state, Instant now)
    {
        if (a.Verb.StartsWith("intake.", StringComparison.Ordinal))
        {
            return intake.Handle(a, state, now);
        }
        var id = a.Data.TryGetValue(Verbs.CaseKey, out var v) ? v : "";
        var c = state.FindCaseById(id) ?? state.FindCase(id.ToUpperInvariant());
        if (c is null)
        {
            return EngineStep.Replying(InteractionReply.Notice(id.Length == 0 ? "That button is missing its case." : $"There is no case {id}."));
        }
        if (a.Verb.StartsWith("reporter.", StringComparison.Ordinal))
        {
            return reporter.Handle(a, c, now);
        }
        if (a.Verb.StartsWith("case.", StringComparison.Ordinal))
        {
            return triage.Handle(a, actor, c, state, now);
        }
        if (a.Verb.StartsWith("escalation.", StringComparison.Ordinal))
        {
            return escalation.Handle(a, actor, c, state, now);
        }
        return EngineStep.Replying(InteractionReply.Notice($"Unknown action '{a.Verb}'."));
    }
}
