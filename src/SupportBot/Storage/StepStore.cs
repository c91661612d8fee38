using System.Data.Common;
using Dapper;
using NodaTime;
using SupportBot.Core.Engine;
using SupportBot.Core.Policy;

namespace SupportBot.Storage;

/// <summary>
/// <see cref="IStepStore"/> on either provider. On SQLite a write transaction holds the file's write
/// lock, so the engine's reads and the step's writes see no other writer in between, and concurrent
/// steps share commits (<see cref="Sqlite.SqliteGroupCommit"/>). On PostgreSQL, shared by several
/// instances, the step locks the case and intake rows it reads, claims its inbound event id and its
/// timer through unique keys and row locks, and numbers cases through one counter row. Everywhere the
/// case version check guards every update, so a lost race is decided again, never overwritten; no
/// step is answered before the commit that holds it is durable.
/// </summary>
public sealed class StepStore(IDatabase database, SupportPolicy policy) : IStepStore
{
    private const int MaxAttempts = 5;

    public Task<StepOutcome> RunAsync(StepRequest request, Func<IEngineState, EngineStep> decide, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) => RunWithRetries(connection, transaction, request, decide), ct);

    private StepOutcome RunWithRetries(DbConnection connection, DbTransaction transaction, StepRequest request, Func<IEngineState, EngineStep> decide)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return RunOnce(connection, transaction, request, decide);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Decide again on the state the other writer left (the savepoint undid this attempt).
            }
        }
    }

    private StepOutcome RunOnce(DbConnection connection, DbTransaction transaction, StepRequest request, Func<IEngineState, EngineStep> decide)
    {
        const string attemptSavepoint = "step_attempt";
        transaction.Save(attemptSavepoint);
        try
        {
            var outcome = Decide(connection, transaction, request, decide);
            transaction.Release(attemptSavepoint);
            return outcome;
        }
        catch
        {
            transaction.Rollback(attemptSavepoint);
            transaction.Release(attemptSavepoint);
            throw;
        }
    }

    private StepOutcome Decide(DbConnection connection, DbTransaction transaction, StepRequest request, Func<IEngineState, EngineStep> decide)
    {
        var now = request.Now.ToUnixTimeMilliseconds();
        if (request.InboundEventId is { } eventId &&
            connection.Execute("INSERT INTO inbound_events (event_id, received_at) VALUES (@eventId, @now) ON CONFLICT DO NOTHING",
                new { eventId, now }, transaction) == 0)
        {
            return StepOutcome.Duplicate;
        }
        // A timer another instance is firing right now is skipped, not waited for: if that instance
        // dies, its transaction is rolled back and the timer is pending again for the next sweep.
        if (request.TimerId is { } timerId &&
            connection.Execute(
                "UPDATE timers SET status = 'fired', fired_at = @now " +
                $"WHERE id = (SELECT id FROM timers WHERE id = @timerId AND status = 'pending'{database.Dialect.ForUpdateSkipLocked})",
                new { timerId, now }, transaction) == 0)
        {
            return StepOutcome.Stale;
        }
        var step = decide(new StoredEngineState(connection, transaction, database.Dialect.ForUpdate));
        // The queue orders by severity rank, kept in a column so the database can sort on it.
        StepWriter.Write(connection, transaction, database.Dialect, step, request.Now, policy.Rank);
        if (step.Privacy is { } privacy)
        {
            step.Reply = Privacy.PrivacyRequests.Run(connection, transaction, privacy, policy, database.FilesFolder, request.Now);
        }
        return new StepOutcome(StepStatus.Committed, step);
    }

    public Task<IReadOnlyList<DueTimer>> DueTimersAsync(Instant now, int max, CancellationToken ct)
    {
        using var connection = database.Open();
        IReadOnlyList<DueTimer> due = connection.Query<TimerRow>(
            "SELECT id AS Id, case_id AS CaseId, key AS Key, kind AS Kind, due_at AS DueAt, set_at AS SetAt FROM timers " +
            "WHERE status = 'pending' AND due_at <= @now ORDER BY due_at, id LIMIT @max",
            new { now = now.ToUnixTimeMilliseconds(), max })
            .Select(r => new DueTimer(r.Id, r.CaseId, r.Key, r.Kind, Instant.FromUnixTimeMilliseconds(r.DueAt), Instant.FromUnixTimeMilliseconds(r.SetAt)))
            .ToList();
        return Task.FromResult(due);
    }

    public Task<Instant?> NextTimerDueAsync(Instant after, CancellationToken ct)
    {
        using var connection = database.Open();
        var next = connection.ExecuteScalar<long?>("SELECT min(due_at) FROM timers WHERE status = 'pending' AND due_at > @after",
            new { after = after.ToUnixTimeMilliseconds() });
        return Task.FromResult(next is { } ms ? Instant.FromUnixTimeMilliseconds(ms) : (Instant?)null);
    }

    public Task<bool> RecordTimerFailureAsync(long timerId, string reason, int maxAttempts, CancellationToken ct)
    {
        using var connection = database.Open();
        var status = connection.ExecuteScalar<string?>(
            "UPDATE timers SET attempts = attempts + 1, last_error = @reason, " +
            "status = CASE WHEN attempts + 1 >= @maxAttempts THEN 'failed' ELSE status END " +
            "WHERE id = @timerId AND status = 'pending' RETURNING status",
            new { timerId, reason, maxAttempts });
        return Task.FromResult(status == "failed");
    }

    public Task<int> ForgetInboundBeforeAsync(Instant before, CancellationToken ct)
    {
        using var connection = database.Open();
        return Task.FromResult(connection.Execute("DELETE FROM inbound_events WHERE received_at < @before",
            new { before = before.ToUnixTimeMilliseconds() }));
    }

    private sealed record TimerRow(long Id, string CaseId, string Key, string Kind, long DueAt, long SetAt);
}
