namespace SupportBot.Tests;

/// <summary>
/// A clock that moves only when a test says so. Timers are not faked: code under test that must be
/// driven by this clock exposes a single pass (such as <c>DeliverDueAsync</c>) that tests call.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (gate)
        {
            now += by;
        }
    }
}
