using NodaTime;
using SupportBot.Core;
using SupportBot.Core.Engine;
using SupportBot.Hosting;
using SupportBot.Storage;

namespace SupportBot.Scheduling;

/// <summary>
/// Hands every due timer to the engine, in batches, earliest first. Due means due_at <= now on the
/// injected clock — never when the job happened to wake — so nothing fires early. The timers of
/// different cases fire at once (up to <see cref="Parallelism"/>), so that their steps share commits
/// instead of paying a disk sync each (1,000 pages due in one second); one case's timers fire one
/// after another, in due order. A timer whose handling fails is retried on the next sweeps and set
/// aside after a few attempts, so that it cannot hold up the timers behind it.
/// </summary>
public sealed partial class TimerSweeper(IStepStore store, CaseWorkflow workflow, TimeProvider time, ILogger<TimerSweeper> logger)
{
    public const int BatchSize = 500;
    public const int MaxAttempts = 5;

    /// <summary>Cases whose timers fire at once: SQLite's group commit takes up to 64 steps in one commit.</summary>
    public const int Parallelism = 64;

    /// <summary>Fires what is due; says how many fired and up to when the sweep looked.</summary>
    public async Task<SweepOutcome> SweepAsync(CancellationToken ct)
    {
        var fired = 0;
        var failed = new HashSet<long>();
        var through = time.GetCurrentInstant();
        while (!ct.IsCancellationRequested)
        {
            through = time.GetCurrentInstant();
            var due = (await store.DueTimersAsync(through, BatchSize + failed.Count, ct)).Where(t => !failed.Contains(t.Id)).ToList();
            await Parallel.ForEachAsync(due.GroupBy(t => t.CaseId), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (timers, _) =>
            {
                foreach (var timer in timers)
                {
                    if (await TryFireAsync(timer, ct))
                    {
                        Interlocked.Increment(ref fired);
                    }
                    else if (!ct.IsCancellationRequested)
                    {
                        lock (failed)
                        {
                            failed.Add(timer.Id);
                        }
                    }
                }
            });
            if (due.Count < BatchSize)
            {
                break;
            }
        }
        return new SweepOutcome(fired, through);
    }

    /// <summary>The earliest pending timer due after <paramref name="after"/> (one due before it was looked at already).</summary>
    public Task<Instant?> NextDueAfterAsync(Instant after, CancellationToken ct) => store.NextTimerDueAsync(after, ct);

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

/// <param name="Fired">How many timers fired.</param>
/// <param name="Through">The instant the last look for due timers used: every timer due by then was tried.</param>
public sealed record SweepOutcome(int Fired, Instant Through);
