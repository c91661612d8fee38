using SupportBot.Teams.Connector;

namespace SupportBot.Tests.RateLimits;

/// <summary>
/// A platform limit as a set of sliding windows per key (say 7 per second and 8 per 2 seconds): a
/// request at t is admitted when, for every window, fewer than its limit were admitted in (t − window, t].
/// Refused requests count for nothing. Keeps each key's admissions for the longest window. Thread-safe.
/// </summary>
public sealed class SlidingWindows
{
    private readonly Dictionary<string, List<DateTimeOffset>> admitted = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private readonly TimeSpan longest;

    public SlidingWindows(IReadOnlyList<RateWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentOutOfRangeException.ThrowIfZero(windows.Count);
        Windows = windows;
        longest = windows.Max(w => w.Window);
    }

    public IReadOnlyList<RateWindow> Windows { get; }

    /// <summary>Null when a request to <paramref name="key"/> would be admitted now; otherwise how long until it would be.</summary>
    public TimeSpan? Wait(string key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (gate)
        {
            var times = Times(key, now);
            var until = now;
            foreach (var window in Windows)
            {
                // Admitted only when the limit-th latest admission has left the window.
                if (times.Count >= window.Limit && times[^window.Limit] + window.Window > until)
                {
                    until = times[^window.Limit] + window.Window;
                }
            }
            return until > now ? until - now : null;
        }
    }

    public void Admit(string key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (gate)
        {
            Times(key, now).Add(now);
        }
    }

    /// <summary>
    /// The least time from the first to the last of <paramref name="requests"/> to one key, all waiting
    /// from the start: each goes the moment every window lets it (earliest first is the best order).
    /// </summary>
    public TimeSpan Drain(int requests)
    {
        var times = new List<TimeSpan>(requests);
        for (var i = 0; i < requests; i++)
        {
            var at = i == 0 ? TimeSpan.Zero : times[i - 1];
            foreach (var window in Windows.Where(w => i >= w.Limit))
            {
                at = TimeSpan.FromTicks(Math.Max(at.Ticks, (times[i - window.Limit] + window.Window).Ticks));
            }
            times.Add(at);
        }
        return requests == 0 ? TimeSpan.Zero : times[^1];
    }

    private List<DateTimeOffset> Times(string key, DateTimeOffset now)
    {
        if (!admitted.TryGetValue(key, out var times))
        {
            admitted[key] = times = [];
        }
        var expired = times.FindIndex(t => t > now - longest);
        times.RemoveRange(0, expired < 0 ? times.Count : expired);
        return times;
    }
}
