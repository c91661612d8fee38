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
        // Found through the case's own pending rows (an index), whatever the backlog of other cases.
        var pages = connection.Query<(string Key, string Lane)>(
            $"""
            UPDATE outbox SET status = 'cancelled', last_error = @reason
            WHERE status = 'pending' AND delivery = 'at-least-once' AND case_number = @number
              AND {dialect.IsNotIn(messageKey, "@awaited")}
            RETURNING {messageKey}, lane;
            """,
            new { reason, number = c.Number, awaited }, transaction).ToList();
        if (pages.Count > 0)
        {
            // A message's edits and pins go in the lane of the message itself: only those lanes are read.
            connection.Execute(
                $"""
                UPDATE outbox SET status = 'cancelled', last_error = @reason
                WHERE status = 'pending' AND {dialect.IsIn("lane", "@lanes")}
                  AND {dialect.JsonText("payload", "op")} IN ('update', 'pin') AND {dialect.IsIn(messageKey, "@keys")};
                """,
                new { reason, keys = pages.Select(p => p.Key).ToList(), lanes = pages.Select(p => p.Lane).Distinct().ToList() }, transaction);
        }
        return pages.Count;
    }
}
