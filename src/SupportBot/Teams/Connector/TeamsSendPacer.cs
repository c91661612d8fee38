namespace SupportBot.Teams.Connector;

/// <summary>
/// Keeps this instance inside Teams' documented limits for bots (teams-protocol.md §5.5): per thread
/// (a chat or a channel, reply chains included) 7 calls a second, 8 in 2 s, 60 in 30 s and 1800 an
/// hour; and 50 calls a second for the app. A call waits for its turn on the injected clock, so a
/// burst to one thread (a Sev-1 fan-out, a reminder storm) is spread out instead of answered with
/// 429s, while other threads go at once.
/// <para>
/// A call holds its place from its start until its answer is in, and counts from then on: Teams
/// counts it somewhere in between, so a window measured from the answer can only be wider than
/// Teams' own, whatever the latency. No reservations are made: a waiter looks again when its time
/// comes or a call ends. Only threads with calls in their windows are remembered, at most
/// <see cref="MaxThreads"/>; past that the least recently used idle one is forgotten (it then simply
/// isn't paced). The app's rate is this instance's: several instances on one database each keep to
/// it, so together they may exceed it, and Retry-After holds take over (lanes are leased per
/// conversation, so one thread is paced by one instance at a time).
/// </para>
/// </summary>
public sealed class TeamsSendPacer(TimeProvider time)
{
    public const int MaxThreads = 1024;

    /// <summary>Per bot per thread, for sends (and, as "all requests" count, replies and updates).</summary>
    public static readonly IReadOnlyList<RateWindow> ThreadWindows =
    [
        new(7, TimeSpan.FromSeconds(1)),
        new(8, TimeSpan.FromSeconds(2)),
        new(60, TimeSpan.FromSeconds(30)),
        new(1800, TimeSpan.FromHours(1)),
    ];

    /// <summary>Per app per tenant: every Connector call.</summary>
    public static readonly IReadOnlyList<RateWindow> AppWindows = [new(50, TimeSpan.FromSeconds(1))];

    /// <summary>Added to every window: Teams measures on its own clocks.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(10);

    private readonly SendLog app = new(AppWindows);
    private readonly Dictionary<string, SendLog> threads = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private TaskCompletionSource ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Threads currently remembered (for tests of the bound).</summary>
    public int Tracked
    {
        get
        {
            lock (gate)
            {
                return threads.Count;
            }
        }
    }

    /// <summary>
    /// Returns once a call to <paramref name="thread"/> (null: a call about no thread, which counts for
    /// the app only) fits every window; dispose the turn when the call's answer is in.
    /// </summary>
    public async Task<IDisposable> WaitTurnAsync(string? thread, CancellationToken ct)
    {
        while (true)
        {
            TimeSpan? wait;
            Task anyEnd;
            lock (gate)
            {
                var now = time.GetUtcNow();
                var log = thread is null ? null : Log(thread, now);
                var start = Later(app.EarliestStart(now), log is null ? now : log.EarliestStart(now));
                if (start <= now)
                {
                    app.Begin();
                    log?.Begin();
                    return new Turn(this, log);
                }
                // Null: a window is full of calls still in flight, so only an answer can make room.
                wait = start - now;
                anyEnd = ended.Task;
            }
            await WaitAsync(wait, anyEnd, ct).ConfigureAwait(false);
        }
    }

    private async Task WaitAsync(TimeSpan? wait, Task anyEnd, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var woken = anyEnd.WaitAsync(stop.Token);
        var elapsed = wait is { } span ? Task.Delay(span, time, stop.Token) : Task.Delay(Timeout.InfiniteTimeSpan, stop.Token);
        await Task.WhenAny(woken, elapsed).ConfigureAwait(false);
        // Cancelling the loser releases its timer.
        await stop.CancelAsync().ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
    }

    private void End(SendLog? log)
    {
        TaskCompletionSource done;
        lock (gate)
        {
            var now = time.GetUtcNow();
            app.End(now);
            log?.End(now);
            (done, ended) = (ended, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
        done.TrySetResult();
    }

    private SendLog Log(string thread, DateTimeOffset now)
    {
        if (threads.TryGetValue(thread, out var log))
        {
            return log;
        }
        if (threads.Count >= MaxThreads)
        {
            Forget(now);
        }
        return threads[thread] = new SendLog(ThreadWindows);
    }

    /// <summary>Drops threads nothing in their windows holds back; if none is, the least recently used idle one.</summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var (thread, log) in threads)
        {
            if (log.Idle(now))
            {
                threads.Remove(thread);
            }
        }
        if (threads.Count >= MaxThreads && threads.Where(t => t.Value.InFlight == 0).MinBy(t => t.Value.LastEnd) is { Key: { } oldest })
        {
            threads.Remove(oldest);
        }
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null || b is null ? null : a > b ? a : b;

    private sealed class Turn(TeamsSendPacer pacer, SendLog? log) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                pacer.End(log);
            }
        }
    }

    /// <summary>One thread's (or the app's) calls: how many are in flight, and when the recent ones ended, oldest first.</summary>
    private sealed class SendLog(IReadOnlyList<RateWindow> windows)
    {
        private readonly List<DateTimeOffset> ends = [];
        private readonly TimeSpan longest = windows.Max(w => w.Window) + Margin;

        public int InFlight { get; private set; }

        public DateTimeOffset LastEnd => ends.Count == 0 ? DateTimeOffset.MinValue : ends[^1];

        /// <summary>The earliest a new call may start, or null when calls in flight fill a window.</summary>
        public DateTimeOffset? EarliestStart(DateTimeOffset now)
        {
            Prune(now);
            var at = now;
            foreach (var window in windows)
            {
                if (InFlight >= window.Limit)
                {
                    return null;
                }
                // Besides the calls in flight, at most `room` ended ones may lie in the window before the start.
                var room = window.Limit - 1 - InFlight;
                if (ends.Count > room && ends[ends.Count - room - 1] + window.Window + Margin is var leaves && leaves > at)
                {
                    at = leaves;
                }
            }
            return at;
        }

        public void Begin() => InFlight++;

        public void End(DateTimeOffset now)
        {
            InFlight--;
            // In order even if the clock stepped back: a later end only widens the window.
            ends.Add(ends.Count > 0 && ends[^1] > now ? ends[^1] : now);
        }

        public bool Idle(DateTimeOffset now)
        {
            Prune(now);
            return InFlight == 0 && ends.Count == 0;
        }

        private void Prune(DateTimeOffset now)
        {
            var keep = ends.FindIndex(e => e + longest > now);
            ends.RemoveRange(0, keep < 0 ? ends.Count : keep);
        }
    }
}
