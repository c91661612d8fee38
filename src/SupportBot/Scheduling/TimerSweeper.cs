using SupportBot.Core;
using SupportBot.Hosting;
using SupportBot.Storage;

namespace SupportBot.Scheduling;

/// <summary>
/// Hands every due timer to the engine, in batches, earliest first. Due means due_at <= now on the
/// injected clock — never when the job happened to wake — so nothing fires early.
/// </summary>
public sealed class TimerSweeper(IStepStore store, CaseWorkflow workflow, TimeProvider time)
{
    public const int BatchSize = 500;

    /// <summary>Returns how many timers fired.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var fired = 0;
        while (!ct.IsCancellationRequested)
        {
            var due = await store.DueTimersAsync(time.GetCurrentInstant(), BatchSize, ct);
            foreach (var timer in due)
            {
                if (await workflow.FireAsync(timer, ct))
                {
                    fired++;
                }
            }
            if (due.Count < BatchSize)
            {
                break;
            }
        }
        return fired;
    }
}
