namespace SupportBot.Tests.RateLimits;

/// <summary>
/// A platform limit modelled as a token bucket per key: <see cref="Burst"/> tokens to start with,
/// refilled at <see cref="PerSecond"/>; a request takes a token or is refused with how long until one
/// is back. Refused requests take nothing. Thread-safe.
/// </summary>
public sealed class TokenBuckets
{
    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> buckets = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public TokenBuckets(double perSecond, int burst)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        PerSecond = perSecond;
        Burst = burst;
    }

    public double PerSecond { get; }

    public int Burst { get; }

    /// <summary>Null when the request is admitted (and a token taken); otherwise the wait until a token is back.</summary>
    public TimeSpan? TryTake(string key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (gate)
        {
            var (tokens, at) = buckets.TryGetValue(key, out var bucket) ? bucket : (Burst, now);
            tokens = Math.Min(Burst, tokens + Math.Max(0, (now - at).TotalSeconds) * PerSecond);
            if (tokens >= 1)
            {
                buckets[key] = (tokens - 1, now);
                return null;
            }
            buckets[key] = (tokens, now);
            return TimeSpan.FromSeconds((1 - tokens) / PerSecond);
        }
    }

    /// <summary>
    /// The least time from the first to the last of <paramref name="requests"/> to one key, all waiting
    /// from the start: the bucket's tokens at once, then one per refill.
    /// </summary>
    public TimeSpan Drain(int requests) => TimeSpan.FromSeconds(Math.Max(0, requests - Burst) / PerSecond);
}
