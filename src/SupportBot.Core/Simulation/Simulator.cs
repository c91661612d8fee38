using System.Globalization;
using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.Escalation;
using SupportBot.Core.Intake;
using SupportBot.Core.Policy;

namespace SupportBot.Core.Simulation;

/// <summary>
/// A dry run of a policy: one report replayed through the engine the bot runs, on a fake clock, in
/// memory. The report is submitted as an intake at its instant; then the earliest pending timer is
/// fired at its due time, again and again, until the case is resolved or closed or the end is
/// reached. Nothing is delivered: the timeline says what would be recorded and sent.
/// </summary>
public sealed class Simulator(SupportPolicy policy)
{
    /// <summary>Most steps of one run, so that a policy that re-arms a timer for the same instant cannot spin forever.</summary>
    public const int MaxSteps = 100_000;

    /// <summary>The default end is capped this long after the report.</summary>
    public static readonly Duration LongestDefault = Duration.FromDays(14);

    public static readonly UserRef Reporter = new(ChannelKind.Local, "reporter", "Simulated reporter");

    /// <summary>
    /// A triage and a managers channel on the local workspace, which is also where pages go: the
    /// presets' example people have local accounts, so the run shows who would be paged.
    /// </summary>
    public static readonly Desk Desk = new(new ConversationRef(ChannelKind.Local, "triage", false), new ConversationRef(ChannelKind.Local, "managers", false))
    {
        Platforms = [ChannelKind.Local],
    };

    /// <summary>What is wrong with the answers, one line each naming the question; empty when the report can be submitted.</summary>
    public IReadOnlyList<string> Check(IReadOnlyDictionary<string, string> answers)
    {
        var given = Given(answers);
        var errors = new List<string>();
        var known = policy.Questions.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in given.Keys.Where(id => !known.Contains(id)))
        {
            errors.Add($"{id}: the policy has no such question (it asks {string.Join(", ", known)}).");
        }
        var visible = IntakeFlow.Visible(policy, given);
        foreach (var q in policy.Questions.Where(q => given.ContainsKey(q.Id) && !visible.Contains(q)))
        {
            errors.Add($"{q.Id}: not asked with these answers (it shows only for some answers to earlier questions).");
        }
        foreach (var (id, message) in IntakeFlow.Validate(visible, given))
        {
            errors.Add($"{id}: {message}");
        }
        return errors;
    }

    /// <summary>
    /// Where a run ends unless told otherwise: when the resolution target is due, plus the time the
    /// whole ladder needs after it (each level's acknowledgement timeout times its pages), at most
    /// <see cref="LongestDefault"/> after the report.
    /// </summary>
    public Instant DefaultUntil(CaseRecord opened)
    {
        ArgumentNullException.ThrowIfNull(opened);
        var ladder = LadderClock.LadderFor(policy, opened.SeverityId)?.Levels ?? [];
        var tail = ladder.Aggregate(Duration.Zero, (sum, level) => sum + (level.AckTimeout * (level.Repeats + 1)));
        var end = (opened.ResolutionDueAt ?? opened.ResponseDueAt) + tail;
        var cap = opened.OpenedAt + LongestDefault;
        return end < cap ? end : cap;
    }

    /// <summary>Runs the report; the answers must pass <see cref="Check"/>.</summary>
    public SimulationResult Run(SimulationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var engine = new ConversationEngine(policy, Desk);
        var state = new MemoryState(policy);
        var timeline = new StepTimeline(policy, Desk);
        var lines = new List<TimelineEntry>();
        var acks = new List<(Instant At, UserRef By, int Level)>();
        var actions = 0;

        EngineStep Commit(EngineStep step, Instant now)
        {
            state.Apply(step, now);
            lines.AddRange(timeline.Describe(step, now));
            if (request.AckAfter is { } after && step.Outbox.OfType<DirectMessage>().FirstOrDefault(m => m.Message.Template == Cards.Page) is { } page)
            {
                acks.Add((now + after, page.To, state.OnlyCase.Escalation.Level));
            }
            return step;
        }

        CardActionInvoked Click(UserRef user, string verb, Dictionary<string, string> data) =>
            new($"simulate-{++actions}", user, Dm(user), verb, data, null);

        var start = request.ReportedAt;
        var session = new IntakeSession(Reporter, Dm(Reporter), Given(request.Answers), IntakeStage.Confirming, start, start);
        state.Apply(new EngineStep { SaveIntake = session }, start);
        var submitted = Commit(engine.Handle(Click(Reporter, Verbs.IntakeSubmit, []), state, start), start);
        if (submitted.Cases.Count == 0)
        {
            throw new InvalidOperationException("The engine did not open a case: " +
                string.Join(" ", submitted.Reply?.Errors.Select(e => $"{e.Key}: {e.Value}") ?? []));
        }
        var opened = state.OnlyCase;
        var clocks = Clocks(opened, state);
        var until = request.Until ?? DefaultUntil(opened);

        for (var steps = 0; state.OnlyCase.IsOpen; steps++)
        {
            if (steps >= MaxSteps)
            {
                throw new InvalidOperationException($"The dry run took more than {MaxSteps} steps before {until}; the policy keeps re-arming a timer.");
            }
            var timer = state.NextTimer();
            var ack = acks.Count == 0 ? default : acks.MinBy(a => a.At);
            // A person acting at the instant a timeout falls due is in time: the acknowledgement goes first.
            if (acks.Count > 0 && ack.At <= until && (timer is null || ack.At <= timer.DueAt))
            {
                acks.Remove(ack);
                var escalation = state.OnlyCase.Escalation;
                if (escalation.Level == ack.Level && escalation.IsAcknowledged)
                {
                    continue;
                }
                var data = new Dictionary<string, string>
                {
                    [Verbs.CaseKey] = opened.Id,
                    ["level"] = ack.Level.ToString(CultureInfo.InvariantCulture),
                };
                var step = Commit(engine.Handle(Click(ack.By, Verbs.PageAck, data), state, ack.At), ack.At);
                if (step.Cases.Count == 0 && step.Reply is { Kind: ReplyKind.Notice, Text: { } refusal })
                {
                    // Too late: the level moved on. Once is enough to say so; its other pages lost their buttons too.
                    lines.Add(new TimelineEntry(ack.At, TimelineSource.Reply, "ack-refused", ack.By.Name, refusal));
                    acks.RemoveAll(a => a.Level == ack.Level);
                }
            }
            else if (timer is not null && timer.DueAt <= until)
            {
                state.Claim(timer);
                Commit(engine.HandleTimer(timer, state, timer.DueAt), timer.DueAt);
            }
            else
            {
                break;
            }
        }
        return new SimulationResult(opened, policy.Severity(opened.SeverityId), clocks, until, lines);
    }

    /// <summary>The case's clocks as opened: response, resolution, the update cadence, and each ladder level's trigger.</summary>
    private List<SimulatedClock> Clocks(CaseRecord c, MemoryState state)
    {
        var severity = policy.Severity(c.SeverityId);
        var clocks = new List<SimulatedClock>
        {
            new("response", c.ResponseDueAt, $"{Sla.ResponseTargets.For(policy, severity, c.OpenedAt, c.Answers).Text} response target"),
            new("resolution", c.ResolutionDueAt, severity.Resolution is { } resolution ? $"{resolution.Text} resolution target" : "no resolution target"),
        };
        if (severity.UpdateEvery is { } cadence)
        {
            clocks.Add(state.Timers.TryGetValue((c.Id, TimerKeys.Update), out var first)
                ? new SimulatedClock("updates", first.DueAt, $"an update every {cadence.Text}, first due then")
                : new SimulatedClock("updates", null, $"an update every {cadence.Text}, counted from when someone owns the case"));
        }
        foreach (var level in LadderClock.LadderFor(policy, c.SeverityId)?.Levels ?? [])
        {
            var role = policy.People.FindRole(level.Role)?.Name ?? level.Role;
            var repeats = level.Repeats switch { 0 => "not repeated", 1 => "repeated once", _ => $"repeated {level.Repeats} times" };
            clocks.Add(new SimulatedClock($"ladder level {level.Number}", LadderClock.Due(policy, c, level),
                $"{level.Name}: pages {role} when {LadderClock.Reason(policy, c, level)}; acknowledge within {Display.Span(level.AckTimeout)}, {repeats}"));
        }
        return clocks;
    }

    private static Dictionary<string, string> Given(IReadOnlyDictionary<string, string> answers) =>
        answers.Where(a => !string.IsNullOrWhiteSpace(a.Value)).ToDictionary(a => a.Key.Trim(), a => a.Value.Trim(), StringComparer.Ordinal);

    private static ConversationRef Dm(UserRef user) => new(user.Channel, $"dm:{user.Id}", true);
}
