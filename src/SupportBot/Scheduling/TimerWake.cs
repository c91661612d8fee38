using NodaTime;
using SupportBot.Core;

namespace SupportBot.Scheduling;

/// <summary>
/// Wakes a sweep early when a timer is set that falls due before the next regular one-second
/// sweep, so sub-second timers are not up to a second late. It runs the sweeper itself after a
/// real-time delay (a sweep beside the regular one is safe: each timer is claimed in its own transaction),
/// and every pending wake is cancelled when the app stops.
/// </summary>
public sealed partial class TimerWake(IServiceProvider services, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<TimerWake> logger)
{
    private static readonly Duration Regular = Duration.FromSeconds(1);

    public void TimerSet(Instant due)
    {
        var delay = due - time.GetCurrentInstant();
        if (delay >= Regular)
        {
            return;
        }
        _ = WakeAsync(delay > Duration.Zero ? delay.ToTimeSpan() : TimeSpan.Zero, lifetime.ApplicationStopping);
    }

    private async Task WakeAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, TimeProvider.System, stopping);
            await services.GetRequiredService<TimerSweeper>().SweepAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            // The app is stopping; the next start sweeps what is due.
        }
        catch (Exception ex)
        {
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An early timer sweep failed; the regular sweep will pick the timer up")]
    private partial void LogFailed(Exception ex);
}
