using System.Data.Common;
using Dapper;
using SupportBot.Core.Cases;
using SupportBot.Storage;

namespace SupportBot.Outbox;

/// <summary>
/// A page (an at-least-once row) goes out only while its case still awaits it. Called in the
/// transaction of every case change, so an acknowledgement cancels the pages not sent yet (the
/// other people's, the repeats, the next level's) in the commit that records it; and by the
/// dispatcher just before it sends a page, for a row it read before that commit.
/// </summary>
public static class PageCancellation
{
    /// <summary>
    /// Cancels the case's pending pages it no longer awaits, and the pending edits and pins of those
    /// pages (they would wait for a message that will never exist). Returns how many pages.
    /// </summary>
    public static int CancelUnawaited(DbConnection connection, DbTransaction transaction, SqlDialect dialect, CaseRecord c)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(c);
        var e = c.Escalation;
        var awaited = c.IsOpen ? e.Pages.Where(p => e.Awaits(p.MessageKey)).Select(p => p.MessageKey).ToList() : [];
        var reason = !c.IsOpen ? $"page cancelled: {c.Number} is {c.Status.Title().ToLowerInvariant()}"
            : e.AcknowledgedBy is { } by ? $"page cancelled: acknowledged by {by.Name}"
            : "page cancelled: the escalation moved on";
        var messageKey = dialect.JsonText("payload", "messageKey");
        var keys = connection.Query<string>(
            $"""
            UPDATE outbox SET status = 'cancelled', last_error = @reason
            WHERE status = 'pending' AND delivery = 'at-least-once' AND case_number = @number
              AND {dialect.IsNotIn(messageKey, "@awaited")}
            RETURNING {messageKey};
            """,
            new { reason, number = c.Number, awaited }, transaction).ToList();
        if (keys.Count > 0)
        {
            connection.Execute(
                $"""
                UPDATE outbox SET status = 'cancelled', last_error = @reason
                WHERE status = 'pending' AND {dialect.JsonText("payload", "op")} IN ('update', 'pin') AND {dialect.IsIn(messageKey, "@keys")};
                """,
                new { reason, keys }, transaction);
        }
        return keys.Count;
    }
}
