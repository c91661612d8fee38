namespace SupportBot.Outbox;

/// <summary>
/// Wakes the dispatcher after a commit wrote outbox rows, so a new message goes out at once instead
/// of at the next poll. A wake while a pass is running is kept, so none is lost.
/// </summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Wake()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one pending wake covers any number of commits.
        }
    }

    /// <summary>Returns when woken or when <paramref name="timeout"/> has passed on <paramref name="time"/>'s clock.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var woken = signal.WaitAsync(stop.Token);
        var elapsed = Task.Delay(timeout, time, stop.Token);
        await Task.WhenAny(woken, elapsed).ConfigureAwait(false);
        // Cancelling the loser releases its timer or its place in the semaphore's queue without taking a wake.
        await stop.CancelAsync().ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
    }

    public void Dispose() => signal.Dispose();
}
