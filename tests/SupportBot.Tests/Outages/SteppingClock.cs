namespace SupportBot.Tests.Outages;

/// <summary>
/// A test clock whose timers wait for it: a <c>Task.Delay(d, clock)</c> (the dispatcher's sleep, the
/// Slack post pacer) completes only when <see cref="Advance"/> moves the clock past its due time. So a
/// background dispatcher runs through minutes of retries and pacing while the test steps the clock,
/// and nothing sleeps for real. It does not move by itself.
/// </summary>
public sealed class SteppingClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<SteppingTimer> timers = [];
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    /// <summary>Moves the clock on and fires (on the thread pool) every timer now due.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        List<SteppingTimer> due;
        lock (gate)
        {
            now += by;
            due = [.. timers.Where(t => t.Due <= now)];
            foreach (var timer in due)
            {
                timers.Remove(timer);
            }
        }
        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SteppingTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Schedule(SteppingTimer timer, TimeSpan dueTime)
    {
        var fireNow = false;
        lock (gate)
        {
            timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }
            timer.Due = now + dueTime;
            if (dueTime <= TimeSpan.Zero)
            {
                fireNow = true;
            }
            else
            {
                timers.Add(timer);
            }
        }
        if (fireNow)
        {
            timer.Fire();
        }
    }

    private void Cancel(SteppingTimer timer)
    {
        lock (gate)
        {
            timers.Remove(timer);
        }
    }

    private sealed class SteppingTimer(SteppingClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan period = Timeout.InfiniteTimeSpan;
        private volatile bool disposed;

        public DateTimeOffset Due { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (disposed)
            {
                return false;
            }
            this.period = period;
            clock.Schedule(this, dueTime);
            return true;
        }

        public void Fire()
        {
            // Not inline: the code that created the timer may not have stored it yet, and Advance holds no lock here.
            ThreadPool.QueueUserWorkItem(_ =>
            {
                if (disposed)
                {
                    return;
                }
                callback(state);
                if (period > TimeSpan.Zero && period != Timeout.InfiniteTimeSpan && !disposed)
                {
                    clock.Schedule(this, period);
                }
            });
        }

        public void Dispose()
        {
            disposed = true;
            clock.Cancel(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
