namespace SupportBot.Outbox;

/// <summary>
/// What a platform's Retry-After applies to, held until it ends: a Slack method for the whole
/// workspace (slack-protocol.md §6.2), a Teams conversation (teams-protocol.md §5.5). Adapters ask
/// before each request, and a held key fails at once, without a request, with what is left of the
/// wait. So every caller obeys a 429 (other outbox lanes, replies on the acknowledgement path), not
/// only the one that earned it, and the outbox retries each lane when the hold ends.
/// </summary>
/// <param name="shared">Other instances' holds (and where this one's are published); null in tests of one adapter.</param>
/// <param name="scope">Prefixes the keys in <paramref name="shared"/>: <c>slack:</c> or <c>teams:</c>.</param>
public sealed class RetryAfterHolds(TimeProvider time, SharedHolds? shared = null, string scope = "")
{
    private readonly Dictionary<string, DateTimeOffset> until = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>How long <paramref name="key"/> is still held, or null when it may be called.</summary>
    public TimeSpan? Remaining(string key)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (!until.TryGetValue(key, out var end))
            {
                if (shared?.Until(scope + key) is not { } elsewhere)
                {
                    return null;
                }
                until[key] = end = elsewhere;
            }
            if (end > now)
            {
                return end - now;
            }
            until.Remove(key);
            return null;
        }
    }

    /// <summary>Holds the key for <paramref name="retryAfter"/> from now; a longer hold already set stays.</summary>
    public void Hold(string key, TimeSpan retryAfter)
    {
        lock (gate)
        {
            var end = time.GetUtcNow() + retryAfter;
            if (!until.TryGetValue(key, out var current) || current < end)
            {
                until[key] = end;
            }
        }
        shared?.Publish(scope + key, time.GetUtcNow() + retryAfter);
    }
}
