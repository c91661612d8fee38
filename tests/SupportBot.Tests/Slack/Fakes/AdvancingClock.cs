namespace SupportBot.Tests.Slack.Fakes;

/// <summary>
/// A test clock whose timers fire at once, moving the clock on to their due time: code that waits on
/// the clock (<c>Task.Delay(wait, clock)</c>) goes on without real sleeping, and the clock shows how
/// long it would have waited. Nothing moves it otherwise, except <see cref="Advance"/>.
/// </summary>
public sealed class AdvancingClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset now = start;
    private TimeSpan waited;

    /// <summary>The total time timers moved the clock on.</summary>
    public TimeSpan Waited
    {
        get
        {
            lock (gate)
            {
                return waited;
            }
        }
    }

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

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FiringTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void MoveTo(DateTimeOffset due)
    {
        lock (gate)
        {
            if (due > now)
            {
                waited += due - now;
                now = due;
            }
        }
    }

    /// <summary>Fires once per Change (periods are not repeated: nothing here needs them).</summary>
    private sealed class FiringTimer(AdvancingClock clock, TimerCallback callback, object? state) : ITimer
    {
        private bool disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (disposed || dueTime == Timeout.InfiniteTimeSpan)
            {
                return !disposed;
            }
            clock.MoveTo(clock.GetUtcNow() + dueTime);
            // Not inline: the code that created the timer may not have stored it yet.
            ThreadPool.QueueUserWorkItem(_ =>
            {
                if (!disposed)
                {
                    callback(state);
                }
            });
            return true;
        }

        public void Dispose() => disposed = true;

        public ValueTask DisposeAsync()
        {
            disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
