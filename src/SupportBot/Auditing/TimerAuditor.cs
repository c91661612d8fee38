using Dapper;
using SupportBot.Core;
using SupportBot.Core.Cases;
using SupportBot.Core.Engine;
using SupportBot.Core.Policy;
using SupportBot.Scheduling;
using SupportBot.Storage;

namespace SupportBot.Auditing;

/// <summary>
/// Checks that every case has a pending timer for each clock the engine says it needs now (running
/// clocks, a page waiting for an answer, a claim that may lapse, and the auto-close, rating and
/// postmortem follow-ups of a resolved case), and repairs a breach with the timers the engine
/// computes. Read and repair happen in one write transaction, so a step that legitimately changes
/// the case's timers meanwhile cannot be undone by a repair computed from an older state.
/// </summary>
public sealed partial class TimerAuditor(
    IDatabase database, ConversationEngine engine, SupportPolicy policy, TimeProvider time, TimerWake wake, AuditorMetrics metrics,
    ILogger<TimerAuditor> logger)
{
    /// <summary>Audits every case that can need a timer once; returns the repairs made (none when all is well).</summary>
    public Task<IReadOnlyList<TimerRepair>> AuditAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var now = time.GetCurrentInstant();
        var repairs = new List<TimerRepair>();
        var step = new EngineStep();
        using (var connection = database.Open())
        {
            var followUps = FollowUpCases.Ids(connection, database.Dialect);
            using var transaction = database.BeginWrite(connection);
            var state = new StoredEngineState(connection, transaction);
            var pending = connection.Query<(string CaseId, string Key)>(
                "SELECT case_id, key FROM timers WHERE status = 'pending'", transaction: transaction)
                .ToLookup(t => t.CaseId, t => t.Key);
            // A follow-up case reopened since the read above is among the open cases now: audited once, as open.
            var resolved = followUps.Select(state.FindCaseById).OfType<CaseRecord>().Where(c => !c.IsOpen);
            foreach (var c in state.OpenCases().Concat(resolved))
            {
                var broken = engine.ClockTimers(c, state, now)
                    .Where(need => !pending[c.Id].Any(key => key.StartsWith(need.KeyPrefix, StringComparison.Ordinal)))
                    .ToList();
                if (broken.Count == 0)
                {
                    continue;
                }
                var timers = broken.SelectMany(need => need.Timers).Select(t => t with { KeepIfPending = true }).ToList();
                step.Timers.AddRange(timers);
                repairs.Add(new TimerRepair(c.Number, [.. broken.Select(need => need.Clock)], timers));
            }
            if (repairs.Count > 0)
            {
                StepWriter.Write(connection, transaction, database.Dialect, step, now, policy.Rank);
                transaction.Commit();
            }
        }
        foreach (var repair in repairs)
        {
            metrics.Repaired(repair);
            LogRepaired(repair.CaseNumber, string.Join(", ", repair.Clocks), string.Join(", ", repair.Timers.Select(t => $"{t.Key} at {t.DueAt}")));
        }
        if (repairs.Count > 0)
        {
            wake.TimerSet(repairs.SelectMany(r => r.Timers).Min(t => t.DueAt));
        }
        return Task.FromResult<IReadOnlyList<TimerRepair>>(repairs);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseNumber} had no pending timer for its {Clocks} clock; the auditor set {Timers}")]
    private partial void LogRepaired(string caseNumber, string clocks, string timers);
}

/// <summary>One case the auditor repaired: the clocks that had no pending timer and the timers it set.</summary>
public sealed record TimerRepair(string CaseNumber, IReadOnlyList<string> Clocks, IReadOnlyList<SetTimer> Timers);
