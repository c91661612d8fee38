using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Storage;

namespace SupportBot.Outbox;

/// <summary>
/// Delivers outbox rows. The loop takes the lanes whose head is due, that no other live instance holds
/// (<see cref="LaneLeases"/>) and that this instance is not already working, and starts a drain for each
/// (in parallel up to <see cref="OutboxOptions.Parallelism"/>, the store work more tightly), each lane
/// strictly in order. It does not wait for them: a lane pacing a backlog through its platform's limit
/// for minutes does not hold up a page to another conversation. It then sleeps until the next head is
/// due, a lease held elsewhere runs out, a drain ends or a commit wakes it.
/// A heartbeat renews the leases this instance holds, so only a dead instance's lanes change hands.
/// Before a post goes to the platform its row records that its send began; a row found pending with
/// that mark (the instance sending it stopped between the platform's answer and the commit) is looked
/// up on a platform that finds posts by their tag (<see cref="ITaggedPosts"/>) before it is posted,
/// and elsewhere follows its delivery class. When a call's outcome is ambiguous (a timeout after the
/// request left), a page is retried (at least once) and a new message of any other kind is abandoned
/// (at most once); a page whose case no longer awaits it is cancelled, even when it was read before
/// the acknowledgement committed.
/// </summary>
public sealed partial class OutboxDispatcher(
    OutboxStore store,
    LaneLeases leases,
    OutboxDelivery delivery,
    RetryPolicy retry,
    OutboxSignal signal,
    OutboxMetrics metrics,
    IDeadLetterNotifier notifier,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    // After a database error: long enough not to spin on a locked or full disk, short enough to recover quickly.
    private static readonly TimeSpan ErrorPause = TimeSpan.FromSeconds(5);

    private readonly OutboxOptions settings = options.Value;
    private readonly SemaphoreSlim takes = new(1, 1);
    private readonly SemaphoreSlim drains = new(options.Value.Parallelism, options.Value.Parallelism);
    private readonly SemaphoreSlim storeTurns = new(options.Value.StoreParallelism, options.Value.StoreParallelism);

    // The lanes this instance is draining, and their drains: a take skips them, and so does the wait for the next due head.
    private readonly ConcurrentDictionary<string, Task<int>> working = new(StringComparer.Ordinal);

    /// <summary>
    /// For tests, which drive time with a test clock instead of sleeping: drains every lane due now, taking
    /// them as the loop does (as many at once as there are places), and waits for the loop's drains too,
    /// until none is left; returns the number of attempts its own drains made.
    /// </summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var attempts = 0;
        while (true)
        {
            var started = await StartDueAsync(ct).ConfigureAwait(false);
            var others = working.Values.Except(started).ToList();
            if (started.Count == 0 && others.Count == 0)
            {
                return attempts;
            }
            // The loop's drains report their own failures.
            await ((Task)Task.WhenAll(others)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            attempts += (await Task.WhenAll(started).ConfigureAwait(false)).Sum();
        }
    }

    /// <summary>Takes the due lanes this instance is not working, as many as it has places for, and starts a drain on each.</summary>
    private async Task<List<Task<int>>> StartDueAsync(CancellationToken ct)
    {
        await takes.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var free = drains.CurrentCount;
            if (free == 0)
            {
                return [];
            }
            var taken = time.GetUtcNow();
            var lanes = await leases.TakeDueAsync(taken, Math.Min(settings.BatchSize, free), working.Keys.ToList(), ct).ConfigureAwait(false);
            var started = new List<Task<int>>(lanes.Count);
            foreach (var lane in lanes)
            {
                // Only takes (one at a time) claim places, and there were enough: this does not wait.
                await drains.WaitAsync(ct).ConfigureAwait(false);
                // Listed before it starts, so that its end always finds itself to remove.
                var drain = new Task<Task<int>>(() => DrainAndFreeAsync(lane, taken, ct));
                working[lane] = drain.Unwrap();
                started.Add(working[lane]);
                drain.Start(TaskScheduler.Default);
            }
            return started;
        }
        finally
        {
            takes.Release();
        }
    }

    private async Task<int> DrainAndFreeAsync(string lane, DateTimeOffset taken, CancellationToken ct)
    {
        try
        {
            return await DrainLaneAsync(lane, taken, ct).ConfigureAwait(false);
        }
        finally
        {
            working.TryRemove(lane, out _);
            drains.Release();
            // The lane may have more due (it yielded after a batch), and its place is free for another.
            signal.Wake();
        }
    }

    /// <summary>The heartbeat's work, callable by tests: keeps every lane this instance holds for another lease.</summary>
    public Task RenewLeasesAsync(CancellationToken ct) => leases.RenewAllAsync(time.GetUtcNow(), ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var heartbeat = HeartbeatAsync(stoppingToken);
        await DeliverUntilStoppedAsync(stoppingToken).ConfigureAwait(false);
        await heartbeat.ConfigureAwait(false);
    }

    public override void Dispose()
    {
        takes.Dispose();
        drains.Dispose();
        storeTurns.Dispose();
        base.Dispose();
    }

    private async Task DeliverUntilStoppedAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                foreach (var drain in await StartDueAsync(stoppingToken).ConfigureAwait(false))
                {
                    _ = drain.ContinueWith(d => LogLaneFailed(d.Exception!), CancellationToken.None,
                        TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
                // With every place taken, only a drain's end (which wakes the signal) can start more.
                var next = drains.CurrentCount == 0 ? null : await leases.NextDueAsync(working.Keys.ToList(), stoppingToken).ConfigureAwait(false);
                wait = next is { } at ? at - time.GetUtcNow() : settings.IdlePoll;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogPassFailed(ex);
                wait = ErrorPause;
            }
            if (wait <= TimeSpan.Zero)
            {
                continue; // A head not being worked is due already: the next take gets it.
            }
            try
            {
                await signal.WaitAsync(wait < settings.IdlePoll ? wait : settings.IdlePoll, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
        // Every drain releases its lane as it ends, stopping included: wait until all places are back.
        for (var i = 0; i < settings.Parallelism; i++)
        {
            await drains.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Renews this instance's leases every <see cref="OutboxOptions.Heartbeat"/> for as long as it runs, calls in flight included.</summary>
    private async Task HeartbeatAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Heartbeat, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await RenewLeasesAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    LogHeartbeatFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the lanes are released as their drains end.
        }
    }

    /// <param name="held">When this instance last took or renewed the lane: its lease runs for <see cref="OutboxOptions.LeaseTimeout"/> from then.</param>
    private async Task<int> DrainLaneAsync(string lane, DateTimeOffset held, CancellationToken ct)
    {
        var attempts = 0;
        try
        {
            // The lease is this instance's until released: the head read now stays the head until its outcome is written.
            for (var entry = await StoreAsync(() => store.DueHeadAsync(lane, time.GetUtcNow(), ct), ct).ConfigureAwait(false); entry is not null;)
            {
                attempts++;
                // A lane stops at a retry, and yields after a batch so one busy conversation cannot starve the rest.
                if (!await AttemptAsync(entry, ct).ConfigureAwait(false) || attempts >= settings.BatchSize)
                {
                    break;
                }
                // Another instance may take the lane over only once its lease ran out (this one stalled): it
                // owns the order then. Within the first half of the lease that cannot have happened, so the
                // lease is looked at (and renewed) only past it, not after every message.
                var now = time.GetUtcNow();
                if (now - held >= settings.LeaseTimeout / 2)
                {
                    if (!await StoreAsync(() => leases.RenewAsync(lane, now, ct), ct).ConfigureAwait(false))
                    {
                        LogLeaseLost(lane, leases.Instance.Value);
                        break;
                    }
                    held = now;
                }
                entry = await StoreAsync(() => store.DueHeadAsync(lane, time.GetUtcNow(), ct), ct).ConfigureAwait(false);
            }
        }
        finally
        {
            // Even when stopping: another instance may take the lane at once instead of after the lease.
            await StoreAsync(() => leases.ReleaseAsync(lane), CancellationToken.None).ConfigureAwait(false);
        }
        return attempts;
    }

    /// <summary>
    /// Store work, at most <see cref="OutboxOptions.StoreParallelism"/> lanes at a time; a lane waiting on its platform holds none.
    /// An outcome and a release wait with <see cref="CancellationToken.None"/>: once the platform has answered, stopping must not drop them.
    /// </summary>
    private async Task<T> StoreAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        await storeTurns.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            storeTurns.Release();
        }
    }

    private Task<bool> StoreAsync(Func<Task> work, CancellationToken ct) => StoreAsync(async () =>
    {
        await work().ConfigureAwait(false);
        return true;
    }, ct);

    /// <summary>True when the lane may go on (delivered or dead), false when its head now waits for a retry.</summary>
    private async Task<bool> AttemptAsync(OutboxEntry entry, CancellationToken ct)
    {
        Outgoing op;
        try
        {
            op = StoreJson.Deserialize<Outgoing>(entry.Payload);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            await DeadAsync(entry, null, null, $"unreadable payload: {ex.Message}", ct).ConfigureAwait(false);
            return true;
        }

        // A page read before its acknowledgement committed must not go out after it.
        if (entry.Delivery == DeliveryClass.AtLeastOnce && !await StoreAsync(() => store.StillAwaitedAsync(entry, ct), ct).ConfigureAwait(false))
        {
            metrics.PageCancelled();
            LogPageCancelled(entry.Id, entry.CaseNumber, entry.Lane);
            return true;
        }

        if (op is (PostMessage or PostToChannel or DirectMessage) && entry.SendingSince is null)
        {
            // Before the call, and outside the catch below: if it cannot be recorded, nothing is sent.
            await StoreAsync(() => store.MarkSendingAsync(entry.Id, time.GetUtcNow(), ct), ct).ConfigureAwait(false);
        }
        var platform = new StrongBox<ChannelKind?>();
        ChannelException? failure = null;
        DeliveredRefs? refs = null;
        try
        {
            var tag = new PostTag($"outbox-{entry.Id}", entry.SendingSince, entry.Delivery);
            refs = await delivery.DeliverAsync(op, tag, platform, ct).ConfigureAwait(false);
        }
        catch (ChannelException ex)
        {
            failure = ex;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // An adapter bug or an unexpected I/O error (an HttpClient timeout is a cancellation too): retry it.
            failure = new ChannelException(ChannelFailure.Transient, $"{ex.GetType().Name}: {ex.Message}", null, ex);
        }

        if (failure is null)
        {
            // Outside the catches: a commit that fails after a successful call is not a delivery failure. It
            // ends the lane's drain with the row pending and marked as sending, so its next attempt looks
            // the post up (or follows its delivery class) instead of taking it for unsent.
            await StoreAsync(() => store.MarkDeliveredAsync(entry.Id, time.GetUtcNow(), refs!), CancellationToken.None).ConfigureAwait(false);
            metrics.Delivered(platform.Value);
            return true;
        }

        metrics.Failed(platform.Value);
        var attempt = entry.Attempts + 1;
        if (failure.Ambiguous && failure.Kind != ChannelFailure.Permanent && entry.Delivery == DeliveryClass.AtMostOnce && !RepeatsSafely(op))
        {
            var reason = $"ambiguous: {failure.Message}";
            await StoreAsync(() => store.MarkAbandonedAsync(entry.Id, reason), CancellationToken.None).ConfigureAwait(false);
            metrics.Abandoned(platform.Value);
            LogAbandoned(entry.Id, entry.CaseNumber, entry.Lane, OutgoingNames.Of(op), reason);
            return true;
        }
        switch (retry.Decide(attempt, failure, time.GetUtcNow()))
        {
            case RetryDecision.RetryAt retryAt:
                await StoreAsync(() => store.RecordFailureAsync(entry.Id, retryAt.At, failure.Message, entry.SendingSince), CancellationToken.None).ConfigureAwait(false);
                LogRetrying(entry.Id, entry.CaseNumber, entry.Lane, OutgoingNames.Of(op), attempt, failure.Kind, failure.Message, retryAt.At);
                return false;
            case RetryDecision.GiveUp giveUp:
                await DeadAsync(entry, op, platform.Value, giveUp.Reason, ct).ConfigureAwait(false);
                return true;
            default:
                throw new InvalidOperationException("Unknown retry decision.");
        }
    }

    /// <summary>
    /// Operations a repeat cannot double: edits, pins, invitations and archiving leave one result
    /// however often they run. A bridge's creation is retried too: every later post to the bridge
    /// depends on it (Teams finds a bridge created by an earlier attempt; Slack may make a second).
    /// </summary>
    private static bool RepeatsSafely(Outgoing op) => op is UpdateMessage or PinMessage or InviteToChannel or ArchiveChannel or CreateChannel;

    private async Task DeadAsync(OutboxEntry entry, Outgoing? op, ChannelKind? platform, string reason, CancellationToken ct)
    {
        await StoreAsync(() => store.MarkDeadAsync(entry.Id, reason), CancellationToken.None).ConfigureAwait(false);
        metrics.Dead(platform);
        var name = op is null ? "unknown" : OutgoingNames.Of(op);
        LogDead(entry.Id, entry.CaseNumber, entry.Lane, name, reason);
        if (op is not null && DeadLetterNotice.Is(op))
        {
            return;
        }
        try
        {
            await notifier.NotifyAsync(new DeadLetter(entry.Id, entry.Lane, name, entry.CaseNumber, reason), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogNotifyFailed(ex, entry.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Outbox {OutboxId} ({CaseNumber}) on {Lane}: {Op} attempt {Attempt} failed ({FailureKind}: {Reason}); retrying at {RetryAt}")]
    private partial void LogRetrying(long outboxId, string? caseNumber, string lane, string op, int attempt, ChannelFailure failureKind, string reason, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox {OutboxId} ({CaseNumber}) on {Lane}: {Op} is dead: {Reason}")]
    private partial void LogDead(long outboxId, string? caseNumber, string lane, string op, string reason);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Outbox {OutboxId} ({CaseNumber}) on {Lane}: {Op} abandoned, not retried (at most once): {Reason}")]
    private partial void LogAbandoned(long outboxId, string? caseNumber, string lane, string op, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox {OutboxId} ({CaseNumber}) on {Lane}: page cancelled before sending; the case no longer awaits it")]
    private partial void LogPageCancelled(long outboxId, string? caseNumber, string lane);

    [LoggerMessage(Level = LogLevel.Error, Message = "Announcing dead outbox row {OutboxId} failed")]
    private partial void LogNotifyFailed(Exception exception, long outboxId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox lane {Lane} was taken over by another instance while {Instance} worked it; it stops there")]
    private partial void LogLeaseLost(string lane, string instance);

    [LoggerMessage(Level = LogLevel.Error, Message = "Renewing the outbox lanes this instance holds failed; trying again at the next heartbeat")]
    private partial void LogHeartbeatFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Working an outbox lane failed; its head is tried again when next due")]
    private partial void LogLaneFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox pass failed; trying again shortly")]
    private partial void LogPassFailed(Exception exception);
}
