using System.Globalization;
using NodaTime;
using NodaTime.Text;
using SupportBot.Core.Intake;
using SupportBot.Core.Policy;
using SupportBot.Core.Simulation;
using SupportBot.Core.Sla;
using SupportBot.Policy;
using SupportBot.Tests.Policy;

namespace SupportBot.Tests.Presets;

/// <summary>
/// One row of a preset's fidelity table: answers given at a stated local time, and what the seed
/// document says must follow. Times are local wall-clock times in the zone of <see cref="At"/>:
/// <c>"HH:mm"</c> on the report's day, or <c>"yyyy-MM-dd HH:mm"</c>.
/// </summary>
/// <param name="Seed">Words of the seed sentence this row checks, copied exactly (see <see cref="SeedQuoteTests"/>).</param>
/// <param name="At">When the report is submitted, e.g. <c>"2026-11-24 10:00 Europe/London"</c>.</param>
/// <param name="Answers">
/// The intake answers, <c>"question=value; question=value"</c>. Required questions that are not choices
/// and are left out get a plain example answer, so a row states only the answers that matter.
/// </param>
/// <param name="Severity">The severity id the rules must give.</param>
/// <param name="Reason">A phrase the severity's reason must contain (ignoring case).</param>
/// <param name="Response">When the first response is due.</param>
/// <param name="Update">When the first status update is due if the case is owned from the start; null: the severity has no update cadence.</param>
/// <param name="Resolution">When resolution is due; <see cref="None"/>: the severity has no resolution target (<c>resolution: none</c>).</param>
/// <param name="Pages">
/// The first page of each escalation level when nobody acknowledges, in order:
/// <c>"HH:mm L1 person-id, person-id; 2026-11-25 09:00 L2 person-id"</c>; empty: nobody is paged.
/// Repeats of a level are not listed.
/// </param>
public sealed record PresetScenario(
    string Seed,
    string At,
    string Answers,
    string Severity,
    string Reason,
    string Response,
    string? Update,
    string Resolution,
    string Pages) : IQuotesSeed
{
    /// <summary>The <see cref="Resolution"/> of a row whose severity sets no resolution target.</summary>
    public const string None = "none";

    /// <summary>What the row picks out beyond the quoted words (the day, the case); not part of the quote.</summary>
    public string? Note { get; init; }

    public override string ToString() => Note is null ? $"\"{Seed}\" at {At}" : $"\"{Seed}\" ({Note}) at {At}";
}

/// <summary>Runs <see cref="PresetScenario"/> rows through the engine's dry run (the Simulator) on a preset file.</summary>
public static class PresetScenarios
{
    private static readonly LocalDateTimePattern DateTime = LocalDateTimePattern.CreateWithInvariantCulture("yyyy-MM-dd HH:mm");
    private static readonly LocalTimePattern Time = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    /// <summary>Loads <c>policies/NAME.yml</c> from the repository, failing with every error when it is invalid.</summary>
    public static SupportPolicy Load(string preset)
    {
        var result = PolicyLoader.Load(PolicyYaml.RepositoryFile($"policies/{preset}.yml"));
        Assert.True(result.Errors.Count == 0, PolicyErrors.Format(result.Errors));
        return result.Policy!;
    }

    /// <summary>Replays the scenario with nobody acknowledging and asserts every expectation it states.</summary>
    public static void Check(SupportPolicy policy, PresetScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(scenario);
        var (reportedAt, zone) = ParseAt(scenario.At);
        var day = reportedAt.InZone(zone).Date;
        var simulator = new Simulator(policy);
        var answers = WithExamples(policy, ParseAnswers(scenario.Answers));
        var problems = simulator.Check(answers);
        Assert.True(problems.Count == 0, $"{scenario}: {string.Join(" ", problems)}");

        var run = simulator.Run(new SimulationRequest(reportedAt, answers));
        var opened = run.Opened;
        string Local(Instant? at) => at is { } i ? DateTime.Format(i.InZone(zone).LocalDateTime) : "none";
        string Expected(string text) => text == PresetScenario.None ? text : DateTime.Format(ParseLocal(text, day));

        Assert.True(scenario.Severity == opened.SeverityId, $"{scenario}: severity {opened.SeverityId}, expected {scenario.Severity}");
        Assert.True(opened.SeverityReason.Contains(scenario.Reason, StringComparison.OrdinalIgnoreCase),
            $"{scenario}: reason \"{opened.SeverityReason}\" does not mention \"{scenario.Reason}\"");
        Assert.True(Expected(scenario.Response) == Local(opened.ResponseDueAt), $"{scenario}: response due {Local(opened.ResponseDueAt)}, expected {Expected(scenario.Response)}");
        Assert.True(Expected(scenario.Resolution) == Local(opened.ResolutionDueAt), $"{scenario}: resolution due {Local(opened.ResolutionDueAt)}, expected {Expected(scenario.Resolution)}");
        var update = CaseClocks.NextUpdateDue(policy, run.Severity, opened.OpenedAt);
        var expectedUpdate = scenario.Update is null ? "none" : Expected(scenario.Update);
        Assert.True(expectedUpdate == Local(update), $"{scenario}: first update due {Local(update)}, expected {expectedUpdate}");

        var actual = FirstPages(policy, run).Select(p => $"{Local(p.At)} L{p.Level} {string.Join(", ", p.People)}").ToList();
        var expected = scenario.Pages.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => ExpectedPage(line, day)).ToList();
        Assert.True(expected.SequenceEqual(actual),
            $"{scenario}: pages were\n  {string.Join("\n  ", actual)}\nexpected\n  {string.Join("\n  ", expected)}\ntimeline:\n  "
            + string.Join("\n  ", run.Timeline.Where(t => t.Source == TimelineSource.Event).Select(t => $"{Local(t.At)} {t.Kind}: {t.Summary}")));
    }

    /// <summary>The first page of each level in the run (repeats left out), with the ids of the people paged.</summary>
    public static IReadOnlyList<(Instant At, int Level, IReadOnlyList<string> People)> FirstPages(SupportPolicy policy, SimulationResult run)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(run);
        var pages = new List<(Instant, int, IReadOnlyList<string>)>();
        foreach (var entry in run.Timeline.Where(t => t is { Source: TimelineSource.Event, Kind: "paged" } && !t.Summary.Contains(", repeat ", StringComparison.Ordinal)))
        {
            // The summary reads "Paged level N of M (...)"; Who lists the people's names.
            var level = int.Parse(entry.Summary.Split(' ')[2], CultureInfo.InvariantCulture);
            var ids = entry.Who.Split(", ").Select(name => policy.People.People.FirstOrDefault(p => p.Name == name)?.Id ?? name).ToList();
            pages.Add((entry.At, level, ids));
        }
        return pages;
    }

    private static string ExpectedPage(string line, LocalDate day)
    {
        // "HH:mm L1 a, b" or "yyyy-MM-dd HH:mm L1 a, b"
        var at = line.IndexOf(" L", StringComparison.Ordinal);
        Assert.True(at > 0, $"Page \"{line}\" is not \"TIME Ln people\".");
        return $"{DateTime.Format(ParseLocal(line[..at], day))}{line[at..]}";
    }

    /// <summary><c>"yyyy-MM-dd HH:mm Zone/Id"</c>: the instant and the zone.</summary>
    internal static (Instant At, DateTimeZone Zone) ParseAt(string text)
    {
        var split = text.LastIndexOf(' ');
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(text[(split + 1)..]);
        Assert.True(zone is not null, $"\"{text}\" does not end with an IANA time zone.");
        var local = DateTime.Parse(text[..split]).GetValueOrThrow();
        return (local.InZoneStrictly(zone).ToInstant(), zone);
    }

    /// <summary><c>"HH:mm"</c> on <paramref name="day"/>, or <c>"yyyy-MM-dd HH:mm"</c>.</summary>
    internal static LocalDateTime ParseLocal(string text, LocalDate day)
    {
        text = text.Trim();
        return text.Length <= 5 ? day + Time.Parse(text).GetValueOrThrow() : DateTime.Parse(text).GetValueOrThrow();
    }

    /// <summary>Fills every required, shown, free-text question the row leaves out with an example answer.</summary>
    public static Dictionary<string, string> WithExamples(SupportPolicy policy, Dictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(answers);
        var filled = new Dictionary<string, string>(answers, StringComparer.Ordinal);
        foreach (var q in IntakeFlow.Visible(policy, filled).Where(q => q.Required && !filled.ContainsKey(q.Id)))
        {
            var example = q.Kind switch
            {
                QuestionKind.Text or QuestionKind.Multiline => "Example answer",
                QuestionKind.Email => "reporter@example.com",
                QuestionKind.Phone => "+1 555 0100",
                QuestionKind.Number => "1",
                QuestionKind.Date => "2026-01-05",
                _ => null,
            };
            if (example is not null)
            {
                filled[q.Id] = example;
            }
        }
        return filled;
    }

    internal static Dictionary<string, string> ParseAnswers(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2, StringSplitOptions.TrimEntries))
            .ToDictionary(kv => kv[0], kv => kv.Length == 2 ? kv[1] : throw new FormatException($"Answer \"{kv[0]}\" is not question=value."), StringComparer.Ordinal);
}
