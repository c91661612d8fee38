using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;
using SupportBot.Core.Engine;
using SupportBot.Core.Policy;

namespace SupportBot.Storage.Sqlite;

/// <summary>
/// <see cref="IStepStore"/> on one SQLite file. Write transactions are BEGIN IMMEDIATE, so the
/// engine reads and the writes of one step see no other writer in between; the case version
/// check still guards every update, so a lost race is decided again, never overwritten.
/// Concurrent steps share commits (<see cref="SqliteGroupCommit"/>): each runs in its own savepoint,
/// in order of arrival, and none is answered before the one commit that holds it is durable.
/// </summary>
public sealed class SqliteStepStore(SqliteDatabase database, SupportPolicy policy) : IStepStore
{
    private const int MaxAttempts = 5;

    public Task<StepOutcome> RunAsync(StepRequest request, Func<IEngineState, EngineStep> decide, CancellationToken ct) =>
        SqliteGroupCommit.For(database).RunAsync((connection, transaction) => RunWithRetries(connection, transaction, request, decide), ct);

    private StepOutcome RunWithRetries(SqliteConnection connection, SqliteTransaction transaction, StepRequest request, Func<IEngineState, EngineStep> decide)
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

    private StepOutcome RunOnce(SqliteConnection connection, SqliteTransaction transaction, StepRequest request, Func<IEngineState, EngineStep> decide)
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

    private StepOutcome Decide(SqliteConnection connection, SqliteTransaction transaction, StepRequest request, Func<IEngineState, EngineStep> decide)
    {
        var now = request.Now.ToUnixTimeMilliseconds();
        if (request.InboundEventId is { } eventId &&
            connection.Execute("INSERT INTO inbound_events (event_id, received_at) VALUES (@eventId, @now) ON CONFLICT DO NOTHING",
                new { eventId, now }, transaction) == 0)
        {
            return StepOutcome.Duplicate;
        }
        if (request.TimerId is { } timerId &&
            connection.Execute("UPDATE timers SET status = 'fired', fired_at = @now WHERE id = @timerId AND status = 'pending'",
                new { timerId, now }, transaction) == 0)
        {
            return StepOutcome.Stale;
        }
        var step = decide(new SqliteEngineState(connection, transaction));
        // The queue orders by severity rank, kept in a column so the database can sort on it.
        SqliteStepWriter.Write(connection, transaction, step, request.Now, policy.Rank);
        if (step.Privacy is { } privacy)
        {
            step.Reply = Privacy.PrivacyRequests.Run(connection, transaction, privacy, policy, database.Path, request.Now);
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

    public Task<Instant?> NextTimerDueAsync(CancellationToken ct)
    {
        using var connection = database.Open();
        var next = connection.ExecuteScalar<long?>("SELECT min(due_at) FROM timers WHERE status = 'pending'");
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
