using NodaTime;
using NodaTime.Text;
using SupportBot.Core.Policy;
using SupportBot.Core.Simulation;

namespace SupportBot.Tests.Presets;

/// <summary>
/// <see cref="PresetScenarios.Check"/> for rows whose severity has no resolution target
/// (<c>resolution: none</c>): such a row states <c>"none"</c> as its resolution, and the case must open
/// with no resolution due time; pages are written and checked as in the harness. Every other row goes to the shared harness unchanged.
/// </summary>
public static class NoResolutionScenarios
{
    public const string None = "none";

    private static readonly LocalDateTimePattern DateTime = LocalDateTimePattern.CreateWithInvariantCulture("yyyy-MM-dd HH:mm");

    public static void Check(SupportPolicy policy, PresetScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Resolution != None)
        {
            PresetScenarios.Check(policy, scenario);
            return;
        }
        // The harness insists on a resolution time, so this checks the rest itself and the resolution as absent.
        var split = scenario.At.LastIndexOf(' ');
        var zone = DateTimeZoneProviders.Tzdb[scenario.At[(split + 1)..]];
        var local = DateTime.Parse(scenario.At[..split]).Value;
        var answers = PresetScenarios.WithExamples(policy, scenario.Answers
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2, StringSplitOptions.TrimEntries))
            .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal));
        var simulator = new Simulator(policy);
        Assert.Empty(simulator.Check(answers));

        var run = simulator.Run(new SimulationRequest(local.InZoneStrictly(zone).ToInstant(), answers));

        Assert.Equal(scenario.Severity, run.Opened.SeverityId);
        Assert.Contains(scenario.Reason, run.Opened.SeverityReason, StringComparison.OrdinalIgnoreCase);
        var response = scenario.Response.Length <= 5 ? $"{LocalDatePattern.Iso.Format(local.Date)} {scenario.Response}" : scenario.Response;
        Assert.Equal(response, DateTime.Format(run.Opened.ResponseDueAt.InZone(zone).LocalDateTime));
        Assert.Null(run.Severity.Resolution);
        Assert.Null(run.Opened.ResolutionDueAt);
        Assert.Null(scenario.Update);
        Assert.Null(run.Severity.UpdateEvery);
        string Local(Instant at) => DateTime.Format(at.InZone(zone).LocalDateTime);
        var actual = PresetScenarios.FirstPages(policy, run).Select(p => $"{Local(p.At)} L{p.Level} {string.Join(", ", p.People)}");
        var expected = scenario.Pages.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Length > 5 && line[5] == ' ' && line[2] == ':' ? $"{LocalDatePattern.Iso.Format(local.Date)} {line}" : line);
        Assert.Equal(expected, actual);
    }
}
