using System.Diagnostics;

namespace SupportBot.Benchmarks;

/// <summary>What a run of requests gave: each one's latency, how many failed, and the wall time of the whole run.</summary>
public sealed record LoadResult(Latencies Latencies, int Succeeded, int Failed, TimeSpan Elapsed)
{
    public double PerSecond => Succeeded / Elapsed.TotalSeconds;
}

/// <summary>Requests kept <c>inFlight</c> at a time until <c>total</c> have been made, each timed on its own.</summary>
public static class Load
{
    /// <param name="request">Request number i; true when it succeeded (a failed one is counted, and timed too).</param>
    public static async Task<LoadResult> RunAsync(int total, int inFlight, Func<int, CancellationToken, Task<bool>> request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var latencies = new Latencies();
        var next = -1;
        var succeeded = 0;
        var failed = 0;
        var wall = Stopwatch.StartNew();
        // inFlight workers, each taking the next number as soon as its last request is answered.
        await Task.WhenAll(Enumerable.Range(0, Math.Min(inFlight, total)).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < total; i = Interlocked.Increment(ref next))
            {
                var watch = Stopwatch.StartNew();
                var ok = await request(i, ct).ConfigureAwait(false);
                latencies.Add(watch.Elapsed);
                Interlocked.Increment(ref ok ? ref succeeded : ref failed);
            }
        }, ct)));
        return new LoadResult(latencies, succeeded, failed, wall.Elapsed);
    }
}
