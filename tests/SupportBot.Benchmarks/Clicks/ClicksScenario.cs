using System.Diagnostics;
using System.Net;
using System.Net.Http;

namespace SupportBot.Benchmarks.Clicks;

/// <summary>
/// A flood of card clicks on open cases, as Slack sends them (signed block_actions): agents claiming
/// from the triage cards (two per case), the on-call person acknowledging pages, and agents claiming
/// cases another already has, mixed, at 50, 200 and 500 in flight. Each level clicks cases no other
/// level touched.
/// </summary>
public sealed class ClicksScenario : IScenario
{
    /// <summary>Per level: how many in flight, and how many cases get two claims and an acknowledgement each.</summary>
    private static readonly (int InFlight, int Cases)[] Levels = [(50, 80), (200, 150), (500, 250)];

    private const int WarmUpCases = 20;
    private static readonly TimeSpan AckTarget = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);

    public string Name => "clicks";

    public string Description => "Slack claims and page acknowledgements on open cases at 50, 200 and 500 in flight: ack latency and clicks/s";

    public async Task RunAsync(BenchRun run, BenchStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(store);
        var setUp = Stopwatch.StartNew();
        await using var desk = await ClickDesk.StartAsync(run, store, ct);
        var total = WarmUpCases + Levels.Sum(l => l.Cases);
        var numbers = await desk.OpenCasesAsync(total, line => run.Log($"{Name} ({store.Name}): {line}"), ct);
        run.Log($"{Name} ({store.Name}): {total} cases open with their triage cards and pages in {setUp.Elapsed.TotalSeconds:0.0} s (app pid {desk.App.Id})");
        var plan = new ClickPlan(desk, numbers);

        // Warm-up, not measured: the click path's first calls (JIT, caches) and the cases the first level claims again.
        var warmUp = plan.Level(WarmUpCases, reclaimFrom: []);
        await SendAsync(desk, warmUp.Clicks, 10, ct);
        var claimedBefore = warmUp.Claimed;
        foreach (var (inFlight, cases) in Levels)
        {
            var level = plan.Level(cases, claimedBefore);
            var result = await SendAsync(desk, level.Clicks, inFlight, ct);
            var latencies = result.Latencies;
            run.Log($"{Name} ({store.Name}): {inFlight} in flight, {level.Clicks.Count} clicks: p50 {Ms(latencies.P50)}, p99 {Ms(latencies.P99)}, "
                + $"max {Ms(latencies.Max)}, {result.PerSecond:0} clicks/s; uptime {Uptime()}");
            Add(run, store, inFlight, "ack p50", latencies.P50, null);
            Add(run, store, inFlight, "ack p99", latencies.P99, inFlight == 200 ? new Target("≤ 100 ms", latencies.P99 <= AckTarget) : null);
            Add(run, store, inFlight, "ack max", latencies.Max, new Target("≤ 1 s", latencies.Max <= Deadline));
            run.Add(new Figure(Name, store.Name, $"clicks per second, {inFlight} in flight", result.PerSecond, "/s"));
            claimedBefore = level.Claimed;
        }
        new ClickChecks(desk).Verify(plan.Sent);
        run.Log($"{Name} ({store.Name}): verified {plan.Sent.Count} clicks in the database and the workspace; whole scenario {setUp.Elapsed.TotalSeconds:0} s");
    }

    private void Add(BenchRun run, BenchStore store, int inFlight, string measure, TimeSpan value, Target? target) =>
        run.Add(new Figure(Name, store.Name, $"{measure}, {inFlight} in flight", value.TotalMilliseconds, "ms") { Target = target });

    /// <summary>The clicks, <paramref name="inFlight"/> at a time; any answer but 200 fails the scenario once the level is done.</summary>
    private static async Task<LoadResult> SendAsync(ClickDesk desk, IReadOnlyList<SlackClick> clicks, int inFlight, CancellationToken ct)
    {
        var statuses = new HttpStatusCode[clicks.Count];
        var load = await Load.RunAsync(clicks.Count, inFlight, async (i, c) =>
        {
            try
            {
                using var response = await desk.Requests.PostAsync(desk.App.Client, Tests.Cluster.SlackClicks.Path, clicks[i].Body, c);
                await response.Content.LoadIntoBufferAsync(c);
                statuses[i] = response.StatusCode;
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, ct);
        if (load.Failed > 0)
        {
            var by = statuses.Select((s, i) => (Status: s, Click: clicks[i])).Where(x => x.Status != HttpStatusCode.OK).ToList();
            throw new InvalidOperationException($"{load.Failed} of {clicks.Count} clicks at {inFlight} in flight were not answered 200: "
                + string.Join(", ", by.CountBy(x => x.Status == 0 ? "no answer" : ((int)x.Status).ToString(System.Globalization.CultureInfo.InvariantCulture)).Select(c => $"{c.Value}× {c.Key}"))
                + $"; first: {by[0].Click.Kind} {by[0].Click.CaseNumber}\n{desk.App.Output.Tail(20)}");
        }
        return load;
    }

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:0} ms";

    private static string Uptime() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
