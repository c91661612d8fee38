namespace SupportBot.Tests.Outages;

/// <summary>Runs the app's own background dispatcher through time on a <see cref="SteppingClock"/>.</summary>
public static class Drain
{
    /// <summary>
    /// Steps the clock (a second at a time, with a moment of real time for the dispatcher between
    /// steps) until the outbox has stayed empty for a few steps (a dead letter's notice is written just
    /// after the row dies), or fails once <paramref name="limit"/> of clock time has passed.
    /// </summary>
    public static async Task UntilDeliveredAsync(SteppingClock clock, OutboxLedger ledger, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(ledger);
        var deadline = clock.GetUtcNow() + limit;
        for (var quiet = 0; quiet < 5;)
        {
            Assert.True(clock.GetUtcNow() < deadline, $"{ledger.Pending()} outbox rows still pending after {limit} on the clock");
            await StepAsync(clock, TimeSpan.FromSeconds(1));
            quiet = ledger.Pending() == 0 ? quiet + 1 : 0;
        }
    }

    /// <summary>One step of the clock, then a little real time for whatever it woke.</summary>
    public static async Task StepAsync(SteppingClock clock, TimeSpan by)
    {
        ArgumentNullException.ThrowIfNull(clock);
        clock.Advance(by);
        await Task.Delay(TimeSpan.FromMilliseconds(5));
    }
}
