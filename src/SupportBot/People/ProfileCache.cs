using System.Collections.Concurrent;
using SupportBot.Core.Channels;

namespace SupportBot.People;

/// <summary>
/// Who a platform user is (their email and zone), remembered in memory for an hour so that an
/// inbound event costs at most one lookup per user per hour. The lookup never holds up a reply for
/// long: it is given <c>maxWait</c>, and a failure or a timeout is simply no profile, logged once and
/// remembered for a few minutes so that a platform in trouble is neither hammered nor logged per event.
/// </summary>
public sealed partial class ProfileCache(TimeProvider time, ILogger<ProfileCache> logger)
{
    public static readonly TimeSpan Fresh = TimeSpan.FromHours(1);
    public static readonly TimeSpan AfterFailure = TimeSpan.FromMinutes(5);

    // Bounded by clearing: forgetting only costs a lookup.
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <param name="key">The platform and the account, e.g. <c>slack:U0123</c>.</param>
    /// <param name="fetch">The platform call; it reports failures as <see cref="ChannelException"/>.</param>
    public async Task<PlatformProfile?> GetAsync(string key, TimeSpan maxWait, Func<CancellationToken, Task<PlatformProfile>> fetch, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(fetch);
        var now = time.GetUtcNow();
        if (entries.TryGetValue(key, out var known) && known.Until > now)
        {
            return known.Profile;
        }
        PlatformProfile? profile = null;
        var keep = Fresh;
        // A real-time bound: this waits on the network, not on the desk's clock.
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(maxWait);
        try
        {
            profile = await fetch(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            LogFailed(key, $"no answer within {maxWait.TotalSeconds:0.#} s");
            keep = AfterFailure;
        }
        catch (ChannelException ex)
        {
            LogFailed(key, ex.Message);
            keep = AfterFailure;
        }
        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }
        entries[key] = new Entry(profile, now + keep);
        return profile;
    }

    private sealed record Entry(PlatformProfile? Profile, DateTimeOffset Until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking up {User} failed ({Reason}); carrying on without their email, and not asking again for a few minutes")]
    private partial void LogFailed(string user, string reason);
}
