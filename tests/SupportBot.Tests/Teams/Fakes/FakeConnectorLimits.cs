using SupportBot.Teams.Connector;
using SupportBot.Tests.RateLimits;

namespace SupportBot.Tests.Teams.Fakes;

/// <summary>
/// Teams' documented limits for bots (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit,
/// teams-protocol.md §5.5), enforced when a test asks for them (<see cref="Limits"/>): per bot per thread, a
/// send (a reply or an update too: "all requests are subject to the same rate-limiting policy") is
/// allowed 7 per second, 8 per 2 s, 60 per 30 s and 1800 per hour; and every v3 call of the app counts
/// against 50 requests per second per tenant. Over a limit the Connector answers 429 with Retry-After
/// (whole seconds) and the Bot Framework error body (code <c>Throttled</c>).
/// </summary>
public sealed partial class FakeConnector
{
    private int rateLimited;

    /// <summary>Null (the default): no limits. <see cref="DocumentedLimits"/> for Teams'.</summary>
    public ConnectorLimits? Limits { get; set; }

    /// <summary>429s this fake answered because of <see cref="Limits"/>.</summary>
    public int RateLimited => Volatile.Read(ref rateLimited);

    public static ConnectorLimits DocumentedLimits() => new(
        new SlidingWindows(
        [
            new RateWindow(7, TimeSpan.FromSeconds(1)),
            new RateWindow(8, TimeSpan.FromSeconds(2)),
            new RateWindow(60, TimeSpan.FromSeconds(30)),
            new RateWindow(1800, TimeSpan.FromHours(1)),
        ]),
        new SlidingWindows([new RateWindow(50, TimeSpan.FromSeconds(1))]));

    /// <summary>A 429 for a call over a limit, or null, in which case the call counts (called under the lock).</summary>
    private Failure? OverLimit(string? conversation)
    {
        if (Limits is not { } limits)
        {
            return null;
        }
        var now = time.GetUtcNow();
        // A channel's reply chains are the channel's thread.
        var thread = conversation?.Split(";messageid=")[0];
        var wait = Max(limits.PerApp.Wait(App, now), thread is null ? null : limits.PerThread.Wait(thread, now));
        if (wait is { } over)
        {
            Interlocked.Increment(ref rateLimited);
            return new Failure(429, Math.Max(1, (int)Math.Ceiling(over.TotalSeconds)), "Throttled", "Too many requests; retry after the time given.");
        }
        limits.PerApp.Admit(App, now);
        if (thread is not null)
        {
            limits.PerThread.Admit(thread, now);
        }
        return null;
    }

    private const string App = "app";

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;
}

/// <summary>The Connector's limits: per bot per thread, and per app per tenant.</summary>
public sealed record ConnectorLimits(SlidingWindows PerThread, SlidingWindows PerApp)
{
    /// <summary>
    /// The least time from the first to the last of <paramref name="perThread"/> sends to each of
    /// <paramref name="threads"/> threads: neither the thread windows nor the app's rate can be beaten,
    /// so the slower of the two bounds it.
    /// </summary>
    public TimeSpan Drain(int perThread, int threads)
    {
        var thread = PerThread.Drain(perThread);
        var app = PerApp.Drain(perThread * threads);
        return thread > app ? thread : app;
    }
}
