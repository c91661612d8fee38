using Quartz;

namespace SupportBot.Scheduling;

/// <summary>The recurring sweep: every second, and sooner when <see cref="TimerWake"/> asks. Never two at once.</summary>
[DisallowConcurrentExecution]
public sealed partial class TimerSweepJob(TimerSweeper sweeper, ILogger<TimerSweepJob> logger) : IJob
{
    public static readonly JobKey Key = new("timer-sweep", "supportbot");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var fired = await sweeper.SweepAsync(cancellationToken);
            if (fired > 0)
            {
                LogSwept(fired);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failing sweep must not stop the trigger; the next second tries again.
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Timer sweep fired {Count} timers")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer sweep failed")]
    private partial void LogFailed(Exception ex);
}
