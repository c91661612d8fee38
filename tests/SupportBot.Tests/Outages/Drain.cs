namespace SupportBot.Tests.Outages;

/// <summary>Runs the app's own background dispatcher through time on a <see cref="SteppingClock"/>.</summary>
public static class Drain
{
    private static readonly TimeSpan MaxInFlight = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Steps the clock a second at a time until the outbox has stayed empty for a few steps (a dead
    /// letter's notice is written just after the row dies), or fails once <paramref name="limit"/> of
    /// clock time has passed.
    /// </summary>
    /// <param name="idle">True when no request to a fake is on its way or being answered (see <see cref="StepAsync"/>).</param>
    public static async Task UntilDeliveredAsync(SteppingClock clock, OutboxLedger ledger, Func<bool> idle, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(ledger);
        var deadline = clock.GetUtcNow() + limit;
        for (var quiet = 0; quiet < 5;)
        {
            Assert.True(clock.GetUtcNow() < deadline, $"{ledger.Pending()} outbox rows still pending after {limit} on the clock");
            await StepAsync(clock, TimeSpan.FromSeconds(1), idle);
            quiet = ledger.Pending() == 0 ? quiet + 1 : 0;
        }
    }

    /// <summary>
    /// Waits until no request is in flight, moves the clock on, and gives whatever it woke a moment of
    /// real time. Not stepping mid-request keeps a request sent together with a 429 within a step of it,
    /// which is the grace a <see cref="FaultSchedule"/> gives.
    /// </summary>
    public static async Task StepAsync(SteppingClock clock, TimeSpan by, Func<bool> idle)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(idle);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!idle())
        {
            Assert.True(waited.Elapsed < MaxInFlight, "a request to a fake has been in flight for ten seconds");
            await Task.Delay(TimeSpan.FromMilliseconds(1));
        }
        clock.Advance(by);
        await Task.Delay(TimeSpan.FromMilliseconds(5));
    }
}
