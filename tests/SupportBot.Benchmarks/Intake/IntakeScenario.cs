using System.Diagnostics;
using SupportBot.Benchmarks.Floor;

namespace SupportBot.Benchmarks.Intake;

/// <summary>
/// An outage storm of reports: the Submits of Slack intake modals, and of Teams intake cards, each
/// opening a case, at 50, 200 and 500 requests in flight against the real app; and the same Slack
/// bodies against the floor (a bare endpoint committing one row each), level by level in turn so
/// that both see the same machine. Every ack must name its own case and the database must hold
/// exactly the cases acknowledged.
/// </summary>
public sealed class IntakeScenario : IScenario
{
    /// <summary>At least twice the in-flight count at each level, so that most requests meet a full queue.</summary>
    public static readonly IReadOnlyList<StormLevel> Levels = [new(50, 150), new(200, 400), new(500, 1000)];

    /// <summary>The level the targets are set at.</summary>
    private const int TargetInFlight = 200;

    public string Name => "intake";

    public string Description => "Slack view submissions and Teams invokes opening cases at 50/200/500 in flight; Slack against the floor";

    public async Task RunAsync(BenchRun run, BenchStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(store);
        run.Log("intake: reproduce with dotnet run -c Release --project tests/SupportBot.Benchmarks -- --only intake");
        var (slack, floor) = await RunSlackAsync(run, store, ct);
        var teams = await RunTeamsAsync(run, store, ct);
        for (var i = 0; i < Levels.Count; i++)
        {
            AddSlack(run, store, slack[i], floor[i]);
        }
        foreach (var level in teams)
        {
            AddTeams(run, store, level);
        }
    }

    private static async Task<(List<StormResult> Slack, List<StormResult> Floor)> RunSlackAsync(BenchRun run, BenchStore store, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await using var slack = await SlackStorm.StartAsync(run, store, ct);
        var floorFolder = run.NewFolder("intake-floor");
        await using var floor = await FloorProcess.StartAsync(floorFolder, SlackStorm.SigningSecret, ct);
        run.Log($"intake: app and floor up in {watch.Elapsed.TotalSeconds:F1} s; preparing {Levels.Sum(l => l.Requests)} Slack reports to their preview");
        var submissions = await slack.PrepareAsync(Levels.Sum(l => l.Requests), ct);
        run.Log($"intake: prepared in {watch.Elapsed.TotalSeconds:F1} s ({Load()})");
        List<StormResult> app = [];
        List<StormResult> bare = [];
        var sent = 0;
        foreach (var level in Levels)
        {
            var batch = submissions.Skip(sent).Take(level.Requests).ToList();
            sent += batch.Count;
            var cpu = ProcessCpu.Used(slack.App.Id);
            var opened = await Storm.RunAsync(level, batch, (s, c) => slack.SendAsync(slack.App.Client, s, c), ct);
            var appCpu = (ProcessCpu.Used(slack.App.Id) - cpu) / batch.Count;
            opened.ExpectAllAnswered("SupportBot (Slack)");
            OpenedCases.Verify(slack.Database, "SupportBot (Slack)", [.. batch.Select(s => s.ReporterKey)], opened.Answers, sent);
            cpu = ProcessCpu.Used(floor.Id);
            var rows = await Storm.RunAsync(level, batch, (s, c) => slack.SendAsync(floor.Client, s, c), ct);
            var floorCpu = (ProcessCpu.Used(floor.Id) - cpu) / batch.Count;
            rows.ExpectAllAnswered("the floor");
            if (FloorProcess.Rows(floorFolder) != sent)
            {
                throw new InvalidOperationException($"The floor holds {FloorProcess.Rows(floorFolder)} rows after {sent} requests answered.");
            }
            run.Log($"intake: Slack {level.InFlight} in flight: {Describe(opened)}, CPU {appCpu.TotalMilliseconds:F1} ms a case; " +
                $"floor {Describe(rows)}, CPU {floorCpu.TotalMilliseconds:F1} ms a row ({Load()})");
            app.Add(opened);
            bare.Add(rows);
        }
        run.Log($"intake: Slack and floor done in {watch.Elapsed.TotalSeconds:F1} s");
        return (app, bare);
    }

    private static async Task<List<StormResult>> RunTeamsAsync(BenchRun run, BenchStore store, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await using var teams = await TeamsStorm.StartAsync(run, store, ct);
        var submissions = await teams.PrepareAsync(Levels.Sum(l => l.Requests), ct);
        run.Log($"intake: Teams app up and reports prepared in {watch.Elapsed.TotalSeconds:F1} s ({Load()})");
        List<StormResult> results = [];
        var sent = 0;
        foreach (var level in Levels)
        {
            var batch = submissions.Skip(sent).Take(level.Requests).ToList();
            sent += batch.Count;
            var cpu = ProcessCpu.Used(teams.App.Id);
            var opened = await Storm.RunAsync(level, batch, teams.SendAsync, ct);
            var appCpu = (ProcessCpu.Used(teams.App.Id) - cpu) / batch.Count;
            opened.ExpectAllAnswered("SupportBot (Teams)");
            OpenedCases.Verify(teams.Database, "SupportBot (Teams)", [.. batch.Select(s => s.ReporterKey)], opened.Answers, sent);
            run.Log($"intake: Teams {level.InFlight} in flight: {Describe(opened)}, CPU {appCpu.TotalMilliseconds:F1} ms a case ({Load()})");
            results.Add(opened);
        }
        run.Log($"intake: Teams done in {watch.Elapsed.TotalSeconds:F1} s");
        return results;
    }

    private void AddSlack(BenchRun run, BenchStore store, StormResult app, StormResult floor)
    {
        var at = $"Slack submit → ack, {app.Level.InFlight} in flight";
        var target = app.Level.InFlight == TargetInFlight;
        var (latencies, bare) = (app.Load.Latencies, floor.Load.Latencies);
        run.Add(Ms(store, $"{at}: p50", latencies.P50) with { Floor = bare.P50.TotalMilliseconds });
        run.Add(Ms(store, $"{at}: p99", latencies.P99) with
        {
            Floor = bare.P99.TotalMilliseconds,
            Target = target ? new Target("≤ 100 ms", latencies.P99 <= TimeSpan.FromMilliseconds(100)) : null,
        });
        run.Add(Ms(store, $"{at}: max", latencies.Max) with
        {
            Floor = bare.Max.TotalMilliseconds,
            Target = target ? new Target("≤ 1 s", latencies.Max <= TimeSpan.FromSeconds(1)) : null,
        });
        run.Add(new Figure(Name, store.Name, $"{at}: cases/s (floor: rows/s)", app.Load.PerSecond, "/s")
        {
            Floor = floor.Load.PerSecond,
            Target = target ? new Target("≥ 0.5× floor", app.Load.PerSecond >= 0.5 * floor.Load.PerSecond) : null,
        });
    }

    private void AddTeams(BenchRun run, BenchStore store, StormResult teams)
    {
        var at = $"Teams submit invoke → answered, {teams.Level.InFlight} in flight";
        var latencies = teams.Load.Latencies;
        run.Add(Ms(store, $"{at}: p50", latencies.P50));
        run.Add(Ms(store, $"{at}: p99", latencies.P99) with
        {
            Target = teams.Level.InFlight == TargetInFlight ? new Target("≤ 2 s", latencies.P99 <= TimeSpan.FromSeconds(2)) : null,
        });
        run.Add(Ms(store, $"{at}: max", latencies.Max));
        run.Add(new Figure(Name, store.Name, $"{at}: cases/s", teams.Load.PerSecond, "/s"));
    }

    private Figure Ms(BenchStore store, string measure, TimeSpan value) => new(Name, store.Name, measure, value.TotalMilliseconds, "ms");

    private static string Describe(StormResult result) =>
        $"{result.Load.Succeeded} in {result.Load.Elapsed.TotalSeconds:F1} s ({result.Load.PerSecond:F0}/s), " +
        $"p50 {result.Load.Latencies.P50.TotalMilliseconds:F0} ms, p99 {result.Load.Latencies.P99.TotalMilliseconds:F0} ms, max {result.Load.Latencies.Max.TotalMilliseconds:F0} ms";

    /// <summary>The machine's load averages, noted next to figures taken on a shared machine.</summary>
    private static string Load() =>
        File.Exists("/proc/loadavg") ? "load " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "load unknown";
}
