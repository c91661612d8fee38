namespace SupportBot.Slack.Api;

/// <summary>
/// Slack allows about one <c>chat.postMessage</c> per second per channel. Each post reserves the
/// next free second of its channel and waits for it on the injected clock, so a burst to one
/// channel (a Sev-1 fan-out) is spread out instead of answered with 429s, while other channels go
/// at once. Only channels with a reservation still ahead are remembered, at most
/// <see cref="MaxChannels"/> of them; beyond that the oldest is forgotten (it then simply isn't paced).
/// </summary>
public sealed class SlackPostPacer(TimeProvider time, TimeSpan? interval = null)
{
    public const int MaxChannels = 1024;

    /// <summary>Slack's pace for one channel, the default.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly TimeSpan spacing = interval ?? Interval;

    private readonly Dictionary<string, DateTimeOffset> nextFree = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>Channels currently remembered (for tests of the bound).</summary>
    public int Tracked
    {
        get
        {
            lock (gate)
            {
                return nextFree.Count;
            }
        }
    }

    public async Task WaitTurnAsync(string channel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var wait = Reserve(channel);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, ct).ConfigureAwait(false);
        }
    }

    private TimeSpan Reserve(string channel)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            var slot = nextFree.TryGetValue(channel, out var free) && free > now ? free : now;
            if (!nextFree.ContainsKey(channel) && nextFree.Count >= MaxChannels)
            {
                Forget(now);
            }
            nextFree[channel] = slot + spacing;
            return slot - now;
        }
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (channel, free) in nextFree)
        {
            if (free <= now)
            {
                nextFree.Remove(channel);
            }
        }
        if (nextFree.Count >= MaxChannels)
        {
            nextFree.Remove(nextFree.MinBy(e => e.Value).Key);
        }
    }
}
