using NodaTime;
using SupportBot.Core.Cases;

namespace SupportBot.Core.Reports;

/// <summary>The KPI rules read from a case's log, by the event types the engine writes.</summary>
public static class KpiRules
{
    public const string Paged = "paged";
    public const string PageAcknowledged = "page-acknowledged";
    private const string Claimed = "claimed";
    private const string TakenOver = "taken-over";
    private const string Resolved = "resolved";
    private const string Reopened = "reopened";

    /// <summary>Events that mean the case needed more than its first line: a tier escalation, a request for escalation, a page.</summary>
    private static readonly HashSet<string> Escalations = ["tier-escalated", "escalation-requested", Paged];

    /// <summary>
    /// First contact resolution, for a resolved case: fixed by the reporter with the policy's
    /// troubleshooting steps (recorded as resolved at first contact), or resolved by its first owner
    /// — whoever claimed it (or took it over) first, else whoever resolved it — with no reopen, no
    /// tier escalation, no request for escalation and no page on its log. A lapsed claim or a
    /// take-over that moved the case to someone else who then resolved it is not first contact.
    /// </summary>
    public static bool IsFirstContactResolution(CaseHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Case.ResolvedAtFirstContact)
        {
            return true;
        }
        var events = history.Events;
        if (events.Any(e => e.Type == Reopened || Escalations.Contains(e.Type)))
        {
            return false;
        }
        var resolver = events.LastOrDefault(e => e.Type == Resolved)?.ActorKey;
        var firstOwner = events.FirstOrDefault(e => e.Type is Claimed or TakenOver)?.ActorKey ?? resolver;
        return resolver is not null && resolver == firstOwner;
    }

    /// <summary>
    /// Time to acknowledge each acknowledged page level: from the level's first page (attempt 1; a
    /// repeat does not restart it) to the acknowledgement, as the engine reports it on the page card.
    /// </summary>
    public static IReadOnlyList<Duration> AckTimes(IReadOnlyList<CaseEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var firstPage = new Dictionary<string, Instant>();
        var times = new List<Duration>();
        foreach (var e in events)
        {
            var level = e.Data.GetValueOrDefault("level") ?? "";
            if (e.Type == Paged && e.Data.GetValueOrDefault("attempt") == "1")
            {
                firstPage[level] = e.At;
            }
            else if (e.Type == PageAcknowledged && firstPage.TryGetValue(level, out var paged))
            {
                times.Add(e.At - paged);
                firstPage.Remove(level);
            }
        }
        return times;
    }
}
