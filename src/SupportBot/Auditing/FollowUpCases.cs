using System.Data.Common;
using Dapper;
using SupportBot.Storage;

namespace SupportBot.Auditing;

/// <summary>
/// The cases past their open life that can still need a timer: resolved ones (the auto-close), and
/// closed ones that may still await their rating request or postmortem reminder (unrated, or with a
/// bridge, and no such reminder logged since the latest resolve; a case fixed at first contact was
/// never resolved by an agent and gets neither). Closed cases done with both drop out, so the list
/// stays as short as the follow-ups still to come; the engine decides from each case what it needs.
/// </summary>
public static class FollowUpCases
{
    /// <summary>
    /// Read before the auditor's write transaction: on a large desk this scan of closed cases takes a
    /// while, and no write should wait for it. A case resolved after this read had its timers set in
    /// that same commit, and is audited at the next minute.
    /// </summary>
    public static IReadOnlyList<string> Ids(DbConnection connection, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        return connection.Query<string>(
            $"""
            SELECT c.id FROM cases c WHERE c.status = 'resolved'
               OR (c.status = 'closed' AND {dialect.JsonText("c.data", "resolvedAt")} IS NOT NULL
                   AND (({dialect.JsonText("c.data", "rating")} IS NULL AND {NotLoggedSinceResolve("csat-requested")})
                     OR ({dialect.JsonText("c.data", "bridgeKey")} IS NOT NULL AND {NotLoggedSinceResolve("postmortem-reminder")})))
            ORDER BY c.severity_rank, c.opened_at, c.number
            """).AsList();
    }

    /// <summary>A resolve is logged, and neither another resolve nor an entry of <paramref name="type"/> after it.</summary>
    private static string NotLoggedSinceResolve(string type) =>
        "EXISTS (SELECT 1 FROM case_events r WHERE r.case_id = c.id AND r.type = 'resolved' AND NOT EXISTS " +
        $"(SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.id > r.id AND e.type IN ('resolved', '{type}')))";
}
