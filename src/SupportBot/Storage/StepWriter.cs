using System.Data.Common;
using Dapper;
using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Engine;
using SupportBot.Outbox;

namespace SupportBot.Storage;

/// <summary>Writes an engine step inside the caller's transaction.</summary>
public static class StepWriter
{
    public static void Write(DbConnection connection, DbTransaction transaction, SqlDialect dialect, EngineStep step, Instant now, Func<string, int> severityRank)
    {
        var at = now.ToUnixTimeMilliseconds();
        foreach (var change in step.Cases)
        {
            WriteCase(connection, transaction, change, at, severityRank(change.Case.SeverityId));
        }
        foreach (var op in step.Outbox)
        {
            OutboxStore.Enqueue(connection, transaction, op, now.ToDateTimeOffset());
        }
        foreach (var change in step.Cases)
        {
            // In this commit: a page the case no longer awaits (acknowledged, moved on, closed) is not sent.
            PageCancellation.CancelUnawaited(connection, transaction, dialect, change.Case);
        }
        foreach (var timer in step.Timers)
        {
            WriteTimer(connection, transaction, timer, at);
        }
        if (step.DeleteIntakeFor is { } userKey)
        {
            connection.Execute("DELETE FROM intake_sessions WHERE user_key = @userKey", new { userKey }, transaction);
        }
        DeskChannels.Write(connection, transaction, step.DeskChanges);
        if (step.SaveIntake is { } session)
        {
            connection.Execute(
                "INSERT INTO intake_sessions (user_key, data, updated_at) VALUES (@key, @data, @at) " +
                "ON CONFLICT (user_key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
                new { key = session.Reporter.Key, data = StoreJson.Serialize(session), at }, transaction);
        }
    }

    private static void WriteCase(DbConnection connection, DbTransaction transaction, CaseChange change, long at, int rank)
    {
        var c = change.Case with { Version = change.ExpectedVersion + 1 };
        var row = new
        {
            c.Id,
            c.Number,
            Status = c.Status.Id(),
            Severity = c.SeverityId,
            Rank = rank,
            ReporterKey = c.Reporter.Key,
            OwnerKey = c.Owner?.Key,
            c.Region,
            OpenedAt = c.OpenedAt.ToUnixTimeMilliseconds(),
            At = at,
            ClosedAt = c.ClosedAt?.ToUnixTimeMilliseconds(),
            c.Version,
            Expected = change.ExpectedVersion,
            Data = StoreJson.Serialize(c),
        };
        if (change.ExpectedVersion == 0)
        {
            connection.Execute(
                "INSERT INTO cases (id, number, status, severity, severity_rank, reporter_key, owner_key, region, opened_at, updated_at, closed_at, version, data) " +
                "VALUES (@Id, @Number, @Status, @Severity, @Rank, @ReporterKey, @OwnerKey, @Region, @OpenedAt, @At, @ClosedAt, @Version, @Data)",
                row, transaction);
        }
        else if (connection.Execute(
            "UPDATE cases SET status = @Status, severity = @Severity, severity_rank = @Rank, owner_key = @OwnerKey, region = @Region, updated_at = @At, " +
            "closed_at = @ClosedAt, version = @Version, data = @Data WHERE id = @Id AND version = @Expected",
            row, transaction) == 0)
        {
            throw new ConcurrencyConflictException($"Case {c.Number} changed since version {change.ExpectedVersion}.");
        }
        foreach (var e in change.Events)
        {
            CaseLog.Append(connection, transaction, e);
        }
    }

    /// <summary>Rounded up, so that a timer stored to the millisecond is never due before its instant.</summary>
    private static long CeilingMilliseconds(Instant instant)
    {
        var ticks = instant.ToUnixTimeTicks();
        return (ticks / NodaConstants.TicksPerMillisecond) + (ticks % NodaConstants.TicksPerMillisecond > 0 ? 1 : 0);
    }

    private static void WriteTimer(DbConnection connection, DbTransaction transaction, TimerChange change, long at)
    {
        switch (change)
        {
            case SetTimer { KeepIfPending: true } keep when connection.ExecuteScalar<long>(
                "SELECT count(*) FROM timers WHERE case_id = @CaseId AND key = @Key AND status = 'pending'", keep, transaction) > 0:
                break;
            case SetTimer set:
                connection.Execute("UPDATE timers SET status = 'replaced' WHERE case_id = @CaseId AND key = @Key AND status = 'pending'", set, transaction);
                connection.Execute(
                    "INSERT INTO timers (case_id, key, kind, due_at, set_at, status) VALUES (@CaseId, @Key, @Kind, @due, @at, 'pending')",
                    new { set.CaseId, set.Key, set.Kind, due = CeilingMilliseconds(set.DueAt), at }, transaction);
                break;
            case CancelTimers cancel:
                connection.Execute(
                    "UPDATE timers SET status = 'cancelled' WHERE case_id = @CaseId AND status = 'pending' " +
                    "AND (@KeyPrefix IS NULL OR substr(key, 1, length(@KeyPrefix)) = @KeyPrefix)",
                    cancel, transaction);
                break;
        }
    }
}
