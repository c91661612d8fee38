using System.Globalization;
using NodaTime;
using NodaTime.Text;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.Intake;
using SupportBot.Core.Policy;
using SupportBot.Core.Simulation;

namespace SupportBot.Tests.Presets;

/// <summary>
/// For presets whose ladders are climbed by request ("they may escalate to the Director"): replays a
/// <see cref="PresetScenario"/>'s report through the engine the bot runs, with the reporter's written
/// escalation requests and the paged people's acknowledgements at stated local times, firing every
/// timer in between, and lists the first page of each level as <see cref="PresetScenarios.FirstPages"/> does.
/// </summary>
public static class ManualEscalationReplay
{
    private static readonly LocalDateTimePattern DateTime = LocalDateTimePattern.CreateWithInvariantCulture("yyyy-MM-dd HH:mm");
    private static readonly LocalTimePattern Time = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    /// <summary>How long after the last action the replay keeps firing timers, so an unacknowledged page shows where it goes next.</summary>
    private static readonly Duration Tail = Duration.FromHours(2);

    /// <summary>
    /// <paramref name="actions"/>: <c>"10:30 escalate; 10:40 ack; 11:30 escalate"</c>. <c>escalate</c> is the
    /// reporter's written request for the next level; <c>ack</c> is the first person of the current page
    /// acknowledging it. Asserts the pages, <c>"HH:mm L1 person-id; …"</c> in the scenario's zone.
    /// </summary>
    public static void Check(SupportPolicy policy, PresetScenario scenario, string actions, string pages)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(pages);
        var split = scenario.At.LastIndexOf(' ');
        var zone = DateTimeZoneProviders.Tzdb[scenario.At[(split + 1)..]];
        var start = DateTime.Parse(scenario.At[..split]).GetValueOrThrow().InZoneStrictly(zone).ToInstant();
        var day = start.InZone(zone).Date;
        Instant At(string text) => Local(text, day).InZoneStrictly(zone).ToInstant();
        string Show(Instant at) => DateTime.Format(at.InZone(zone).LocalDateTime);

        var answers = PresetScenarios.WithExamples(policy, scenario.Answers.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2, StringSplitOptions.TrimEntries)).ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal));
        var engine = new ConversationEngine(policy, Simulator.Desk);
        var state = new MemoryState(policy);
        var timeline = new StepTimeline(policy, Simulator.Desk);
        var lines = new List<TimelineEntry>();
        var clicks = 0;
        EngineStep Commit(EngineStep step, Instant now)
        {
            state.Apply(step, now);
            lines.AddRange(timeline.Describe(step, now));
            return step;
        }
        EngineStep Click(UserRef user, string verb, Dictionary<string, string> data, Instant now) =>
            Commit(engine.Handle(new CardActionInvoked($"replay-{++clicks}", user, Dm(user), verb, data, null), state, now), now);
        void TimersUntil(Instant until)
        {
            while (state.OnlyCase.IsOpen && state.NextTimer() is { } timer && timer.DueAt <= until)
            {
                state.Claim(timer);
                Commit(engine.HandleTimer(timer, state, timer.DueAt), timer.DueAt);
            }
        }

        state.Apply(new EngineStep { SaveIntake = new IntakeSession(Simulator.Reporter, Dm(Simulator.Reporter), answers, IntakeStage.Confirming, start, start) }, start);
        Click(Simulator.Reporter, Verbs.IntakeSubmit, [], start);
        var id = state.OnlyCase.Id;
        var last = start;
        foreach (var action in actions.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (time, verb) = (action[..action.LastIndexOf(' ')], action[(action.LastIndexOf(' ') + 1)..]);
            last = At(time);
            TimersUntil(last);
            var before = state.OnlyCase.Escalation;
            if (verb == "escalate")
            {
                var step = Click(Simulator.Reporter, Verbs.EscalationRequest, new()
                {
                    [Verbs.CaseKey] = id,
                    ["progress"] = "Logs collected; the suggested workaround did not help.",
                    ["impact"] = "The customer's users cannot work.",
                    ["reason"] = "We cannot agree on an action plan.",
                }, last);
                Assert.True(state.OnlyCase.Escalation.Level > before.Level, $"{scenario}: escalate at {time} was refused: {step.Reply?.Text}");
            }
            else
            {
                Assert.True(verb == "ack" && before.Pages.Count > 0, $"{scenario}: \"{action}\" is not TIME escalate|ack after a page");
                Click(before.Pages[0].To, Verbs.PageAck, new() { [Verbs.CaseKey] = id, ["level"] = before.Level.ToString(CultureInfo.InvariantCulture) }, last);
                Assert.True(state.OnlyCase.Escalation.IsAcknowledged, $"{scenario}: the ack at {time} was refused");
            }
        }
        TimersUntil(last + Tail);

        var run = new SimulationResult(state.OnlyCase, policy.Severity(state.OnlyCase.SeverityId), [], last + Tail, lines);
        var actual = PresetScenarios.FirstPages(policy, run).Select(p => $"{Show(p.At)} L{p.Level} {string.Join(", ", p.People)}").ToList();
        var expected = pages.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
        {
            var at = line.IndexOf(" L", StringComparison.Ordinal);
            return $"{DateTime.Format(Local(line[..at], day))}{line[at..]}";
        }).ToList();
        Assert.True(expected.SequenceEqual(actual), $"{scenario}: pages were\n  {string.Join("\n  ", actual)}\nexpected\n  {string.Join("\n  ", expected)}");
    }

    private static LocalDateTime Local(string text, LocalDate day)
    {
        text = text.Trim();
        return text.Length <= 5 ? day + Time.Parse(text).GetValueOrThrow() : DateTime.Parse(text).GetValueOrThrow();
    }

    private static ConversationRef Dm(UserRef user) => new(user.Channel, $"dm:{user.Id}", true);
}
