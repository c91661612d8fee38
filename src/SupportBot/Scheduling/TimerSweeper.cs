using SupportBot.Core;
using SupportBot.Core.Engine;
using SupportBot.Hosting;
using SupportBot.Storage;

namespace SupportBot.Scheduling;

/// <summary>
/// Hands every due timer to the engine, in batches, earliest first. Due means due_at <= now on the
/// injected clock — never when the job happened to wake — so nothing fires early. A timer whose
/// handling fails is retried on the next sweeps and set aside after a few attempts, so that it
/// cannot hold up the timers behind it.
/// </summary>
public sealed partial class TimerSweeper(IStepStore store, CaseWorkflow workflow, TimeProvider time, ILogger<TimerSweeper> logger)
{
    public const int BatchSize = 500;
    public const int MaxAttempts = 5;

    /// <summary>Returns how many timers fired.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var fired = 0;
        var failed = new HashSet<long>();
        while (!ct.IsCancellationRequested)
        {
            var due = (await store.DueTimersAsync(time.GetCurrentInstant(), BatchSize + failed.Count, ct)).Where(t => !failed.Contains(t.Id)).ToList();
            foreach (var timer in due)
            {
                if (await TryFireAsync(timer, ct))
                {
                    fired++;
                }
                else if (!ct.IsCancellationRequested)
                {
                    failed.Add(timer.Id);
                }
            }
            if (due.Count < BatchSize)
            {
                break;
            }
        }
        return fired;
    }

    /// <summary>False when the timer failed (it was not fired); a stale timer counts as handled.</summary>
    private async Task<bool> TryFireAsync(DueTimer timer, CancellationToken ct)
    {
        try
        {
            await workflow.FireAsync(timer, ct);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var setAside = await store.RecordTimerFailureAsync(timer.Id, ex.GetType().Name + ": " + ex.Message, MaxAttempts, ct);
            LogFailed(ex, timer.Id, timer.Kind, timer.CaseId, setAside);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer {TimerId} ({Kind}) of case {CaseId} failed; set aside: {SetAside}")]
    private partial void LogFailed(Exception ex, long timerId, string kind, string caseId, bool setAside);
}
