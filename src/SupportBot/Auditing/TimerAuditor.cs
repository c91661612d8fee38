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
/// computes. The open cases are read a page at a time, each page with its pending timers in one read
/// snapshot, so a desk of 100,000 open cases is never held in memory at once and no write waits for
/// the scan. A case found broken is read again inside the write transaction that repairs it (on
/// PostgreSQL under its row lock, as a step locks it) and decided again on what is committed by
/// then, so a step that legitimately changed its timers meanwhile is seen, not undone, and two
/// instances auditing at once repair a case once.
/// </summary>
public sealed partial class TimerAuditor(
    IDatabase database, ConversationEngine engine, SupportPolicy policy, TimeProvider time, TimerWake wake, AuditorMetrics metrics,
    ILogger<TimerAuditor> logger)
{
    /// <summary>Open cases read at once (a test makes it small to cross pages with a few cases).</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>Audits every case that can need a timer once; returns the repairs made (none when all is well).</summary>
    public Task<IReadOnlyList<TimerRepair>> AuditAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var took = System.Diagnostics.Stopwatch.StartNew();
        var now = time.GetCurrentInstant();
        var repairs = new List<TimerRepair>();
        using (var connection = database.Open())
        {
            var suspects = Suspects(connection, now, ct);
            if (suspects.Count > 0)
            {
                var step = new EngineStep();
                using var transaction = database.BeginWrite(connection);
                var locked = new StoredEngineState(connection, transaction, database.Dialect.ForUpdate);
                foreach (var id in suspects)
                {
                    if (locked.FindCaseById(id) is not { } c)
                    {
                        continue;
                    }
                    var broken = Broken(c, locked, PendingKeys(connection, transaction, [c.Id])[c.Id], now);
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
        metrics.Audited(took.Elapsed);
        return Task.FromResult<IReadOnlyList<TimerRepair>>(repairs);
    }

    /// <summary>The ids of the cases that look broken, open ones a page at a time, then the follow-up cases.</summary>
    private HashSet<string> Suspects(DbConnection connection, Instant now, CancellationToken ct)
    {
        var suspects = new HashSet<string>(StringComparer.Ordinal);
        var followUps = FollowUpCases.Ids(connection, database.Dialect);
        for (var after = ""; ;)
        {
            ct.ThrowIfCancellationRequested();
            using var read = database.BeginRead(connection);
            var state = new StoredEngineState(connection, read);
            var page = state.OpenCasesAfter(after, PageSize);
            Check(page, state, connection, read, now, suspects);
            read.Commit();
            if (page.Count < PageSize)
            {
                break;
            }
            after = page[^1].Id;
        }
        // A follow-up case reopened since the read above was audited among the open ones.
        foreach (var ids in followUps.Chunk(PageSize))
        {
            using var read = database.BeginRead(connection);
            var state = new StoredEngineState(connection, read);
            Check([.. ids.Select(state.FindCaseById).OfType<CaseRecord>().Where(c => !c.IsOpen)], state, connection, read, now, suspects);
            read.Commit();
        }
        return suspects;
    }

    private void Check(IReadOnlyList<CaseRecord> cases, StoredEngineState state, DbConnection connection, DbTransaction read, Instant now, HashSet<string> suspects)
    {
        var pending = PendingKeys(connection, read, [.. cases.Select(c => c.Id)]);
        suspects.UnionWith(cases.Where(c => Broken(c, state, pending[c.Id], now).Count > 0).Select(c => c.Id));
    }

    /// <summary>The clocks of <paramref name="c"/> that need a timer now and have no pending one.</summary>
    private List<ClockNeed> Broken(CaseRecord c, IEngineState state, IEnumerable<string> pending, Instant now) =>
        [.. engine.ClockTimers(c, state, now).Where(need => !pending.Any(key => key.StartsWith(need.KeyPrefix, StringComparison.Ordinal)))];

    /// <summary>The pending timers' keys of each of <paramref name="caseIds"/>.</summary>
    private ILookup<string, string> PendingKeys(DbConnection connection, DbTransaction transaction, string[] caseIds) =>
        caseIds.Length == 0
            ? Array.Empty<(string CaseId, string Key)>().ToLookup(t => t.CaseId, t => t.Key)
            : connection.Query<(string CaseId, string Key)>(
                $"SELECT case_id, key FROM timers WHERE status = 'pending' AND {database.Dialect.IsIn("case_id", "@caseIds")}",
                new { caseIds }, transaction).ToLookup(t => t.CaseId, t => t.Key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseNumber} had no pending timer for its {Clocks} clock; the auditor set {Timers}")]
    private partial void LogRepaired(string caseNumber, string clocks, string timers);
}

/// <summary>One case the auditor repaired: the clocks that had no pending timer and the timers it set.</summary>
public sealed record TimerRepair(string CaseNumber, IReadOnlyList<string> Clocks, IReadOnlyList<SetTimer> Timers);
