using System.Globalization;
using NodaTime;
using SupportBot.Core.Engine;
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
        var replay = new PresetReplay(policy, scenario.At, scenario.Answers);
        var id = replay.Case.Id;
        var last = replay.Start;
        foreach (var action in actions.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (time, verb) = (action[..action.LastIndexOf(' ')], action[(action.LastIndexOf(' ') + 1)..]);
            last = replay.At(time);
            replay.TimersUntil(last);
            var before = replay.Case.Escalation;
            if (verb == "escalate")
            {
                var step = replay.Click(Simulator.Reporter, Verbs.EscalationRequest, new()
                {
                    [Verbs.CaseKey] = id,
                    ["progress"] = "Logs collected; the suggested workaround did not help.",
                    ["impact"] = "The customer's users cannot work.",
                    ["reason"] = "We cannot agree on an action plan.",
                }, last);
                Assert.True(replay.Case.Escalation.Level > before.Level, $"{scenario}: escalate at {time} was refused: {step.Reply?.Text}");
            }
            else
            {
                Assert.True(verb == "ack" && before.Pages.Count > 0, $"{scenario}: \"{action}\" is not TIME escalate|ack after a page");
                replay.Click(before.Pages[0].To, Verbs.PageAck, new() { [Verbs.CaseKey] = id, ["level"] = before.Level.ToString(CultureInfo.InvariantCulture) }, last);
                Assert.True(replay.Case.Escalation.IsAcknowledged, $"{scenario}: the ack at {time} was refused");
            }
        }
        replay.TimersUntil(last + Tail);

        var run = new SimulationResult(replay.Case, policy.Severity(replay.Case.SeverityId), [], last + Tail, replay.Lines);
        var actual = PresetScenarios.FirstPages(policy, run).Select(p => $"{replay.Show(p.At)} L{p.Level} {string.Join(", ", p.People)}").ToList();
        var expected = pages.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
        {
            var at = line.IndexOf(" L", StringComparison.Ordinal);
            return $"{replay.Show(replay.At(line[..at]))}{line[at..]}";
        }).ToList();
        Assert.True(expected.SequenceEqual(actual), $"{scenario}: pages were\n  {string.Join("\n  ", actual)}\nexpected\n  {string.Join("\n  ", expected)}");
    }
}
