namespace SupportBot.Scheduling;

/// <summary>
/// Sweeps due timers once a second, on every instance. It is not a Quartz job: on PostgreSQL the
/// calendar jobs run in Quartz's clustered store, which would run the sweep on one node only and pay
/// its own database round-trips every second. Running it everywhere is safe because each timer is
/// claimed in its own transaction (FOR UPDATE SKIP LOCKED), so it still fires once; and it keeps
/// timers firing on the survivors while a dead node's Quartz work waits to be recovered.
/// <see cref="TimerWake"/> still sweeps sooner for a timer due within the second.
/// </summary>
public sealed partial class TimerSweepLoop(TimerSweeper sweeper, ILogger<TimerSweepLoop> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The wait is on the real clock; what is due is decided on the injected one, inside the sweeper.
        using var ticks = new PeriodicTimer(Interval, TimeProvider.System);
        do
        {
            await SweepOnceAsync(stoppingToken);
        }
        while (await WaitAsync(ticks, stoppingToken));
    }

    private async Task SweepOnceAsync(CancellationToken ct)
    {
        try
        {
            var fired = await sweeper.SweepAsync(ct);
            if (fired > 0)
            {
                LogSwept(fired);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: the loop ends at the next wait; the next start sweeps what is due.
        }
        catch (Exception ex)
        {
            // A failing sweep must not stop the loop; the next second tries again.
            LogFailed(ex);
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer ticks, CancellationToken ct)
    {
        try
        {
            return await ticks.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Timer sweep fired {Count} timers")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer sweep failed")]
    private partial void LogFailed(Exception ex);
}
