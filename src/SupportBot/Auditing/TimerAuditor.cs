using System.Data.Common;
using Dapper;
using NodaTime;
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
/// the case's timers meanwhile cannot be undone by a repair computed from an older state. On SQLite
/// the write lock covers the whole audit; on PostgreSQL a case found broken is locked (as a step
/// locks it) and decided again on what is committed by then, so a step or another instance's audit
/// that got there first is seen, and two instances auditing at once repair a case once.
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
            // (On PostgreSQL each read sees the latest commit, so a case resolved in between could be in both.)
            var resolved = followUps.Select(state.FindCaseById).OfType<CaseRecord>().Where(c => !c.IsOpen);
            foreach (var suspect in state.OpenCases().Concat(resolved).DistinctBy(c => c.Id))
            {
                if (Broken(suspect, state, pending[suspect.Id], now).Count == 0)
                {
                    continue;
                }
                var locked = new StoredEngineState(connection, transaction, database.Dialect.ForUpdate);
                if (locked.FindCaseById(suspect.Id) is not { } c)
                {
                    continue;
                }
                var broken = Broken(c, locked, PendingKeys(connection, transaction, c.Id), now);
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

    /// <summary>The clocks of <paramref name="c"/> that need a timer now and have no pending one.</summary>
    private List<ClockNeed> Broken(CaseRecord c, IEngineState state, IEnumerable<string> pending, Instant now) =>
        [.. engine.ClockTimers(c, state, now).Where(need => !pending.Any(key => key.StartsWith(need.KeyPrefix, StringComparison.Ordinal)))];

    private static List<string> PendingKeys(DbConnection connection, DbTransaction transaction, string caseId) =>
        [.. connection.Query<string>("SELECT key FROM timers WHERE case_id = @caseId AND status = 'pending'", new { caseId }, transaction)];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseNumber} had no pending timer for its {Clocks} clock; the auditor set {Timers}")]
    private partial void LogRepaired(string caseNumber, string clocks, string timers);
}

/// <summary>One case the auditor repaired: the clocks that had no pending timer and the timers it set.</summary>
public sealed record TimerRepair(string CaseNumber, IReadOnlyList<string> Clocks, IReadOnlyList<SetTimer> Timers);
