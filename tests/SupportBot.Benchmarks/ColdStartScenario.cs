using System.Diagnostics;
using SupportBot.Tests.OutOfProcess;

namespace SupportBot.Benchmarks;

/// <summary>
/// From starting <c>dotnet SupportBot.dll</c> to <c>/readyz</c> answering 200: on a new database (the
/// migrations run) and again on the same one, three times each; the slowest of each is the figure.
/// </summary>
public sealed class ColdStartScenario : IScenario
{
    private const int Starts = 3;
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(3);

    public string Name => "cold-start";

    public string Description => "time from process start to /readyz 200, on a new database and on an existing one";

    public async Task RunAsync(BenchRun run, BenchStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(store);
        var fresh = new Latencies();
        var again = new Latencies();
        for (var i = 0; i < Starts; i++)
        {
            var database = store.Create(run.NewFolder("cold-start"));
            var options = BenchApp.Options(database, "operational-guide", new Dictionary<string, string?>());
            fresh.Add(await TimeStartAsync(options, ct));
            again.Add(await TimeStartAsync(options, ct));
        }
        run.Log($"{Name} ({store.Name}): new database {Ms(fresh.Min)}–{Ms(fresh.Max)}, existing {Ms(again.Min)}–{Ms(again.Max)}");
        Add(run, store, "to /readyz, new database (slowest of 3)", fresh.Max);
        Add(run, store, "to /readyz, existing database (slowest of 3)", again.Max);
    }

    private void Add(BenchRun run, BenchStore store, string measure, TimeSpan value) =>
        run.Add(new Figure(Name, store.Name, measure, value.TotalMilliseconds, "ms") { Target = new Target("≤ 3 s", value <= Target) });

    /// <summary>One start, timed to the first 200 from /readyz (polled every 50 ms), then a SIGKILL.</summary>
    private static async Task<TimeSpan> TimeStartAsync(AppProcessOptions options, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await using var app = await AppProcess.StartAsync(options, ct);
        return watch.Elapsed;
    }

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F0} ms";
}
