using NodaTime;
using SupportBot.Core.OnCall;
using SupportBot.Core.Sla;

namespace SupportBot.Core.Policy.Lint;

/// <summary>
/// Walks the horizon between the instants where who is on duty can change (working hours starting
/// or ending, rota hand-offs, overrides) and finds the stretches where a role and its fallbacks
/// have nobody on duty. The engine then pages every member of the role, which is the 3 a.m. problem.
/// </summary>
internal static class CoverageLint
{
    private static readonly IReadOnlySet<string> Nobody = new HashSet<string>();

    public static IEnumerable<LintFinding> Gaps(SupportPolicy policy, Instant from, Instant to)
    {
        var contacts = policy.People;
        var ladderRoles = policy.Ladders.SelectMany(l => l.Levels).Select(v => v.Role).ToHashSet(StringComparer.Ordinal);
        var points = ChangePoints(contacts, from, to);
        foreach (var role in contacts.Roles)
        {
            var onLadder = ladderRoles.Contains(role.Id);
            // Ladder roles are checked whatever their selection; others only when they follow the sun.
            // A role whose chain has nobody at all is an empty role, reported as such.
            if ((!onLadder && role.Selection != RoleSelection.FollowTheSun) || !HasMembers(contacts, role, []))
            {
                continue;
            }
            var gaps = Uncovered(contacts, role, points);
            if (gaps.Count == 0)
            {
                continue;
            }
            var total = gaps.Aggregate(Duration.Zero, (sum, g) => sum + g.Duration);
            var first = gaps[0];
            var sameDay = first.Start.InZone(policy.DisplayZone).Date == first.End.InZone(policy.DisplayZone).Date;
            var end = sameDay ? $"-{first.End.InZone(policy.DisplayZone):HH:mm}" : $" to {PolicyLint.Format(policy, first.End)}";
            var when = $"first {PolicyLint.Format(policy, first.Start)}{end} {policy.DisplayZone.Id}"
                + (gaps.Count == 1 ? "" : $", {gaps.Count} times in all");
            var sentence = $"{role.Name} has nobody on duty for {SlaTarget.Words(total)} in the next eight weeks ({when}), "
                + (role.Fallback is null ? "and no fallback role" : "even after its fallback");
            yield return onLadder
                ? new LintFinding(LintCodes.OnCallGap, $"contacts.roles[{role.Id}]", sentence + ": a page then goes to every member of the role, whatever their hours.")
                : new LintFinding(LintCodes.FollowTheSunHole, $"contacts.roles[{role.Id}]", sentence + ": nobody's working hours cover those times.");
        }
    }

    /// <summary>The stretches between consecutive change points where nobody is on duty, merged when they touch.</summary>
    private static List<Interval> Uncovered(Contacts contacts, Role role, List<Instant> points)
    {
        var gaps = new List<Interval>();
        for (var i = 0; i + 1 < points.Count; i++)
        {
            if (OnDutyAt(contacts, role, points[i], []))
            {
                continue;
            }
            if (gaps.Count > 0 && gaps[^1].End == points[i])
            {
                gaps[^1] = new Interval(gaps[^1].Start, points[i + 1]);
            }
            else
            {
                gaps.Add(new Interval(points[i], points[i + 1]));
            }
        }
        return gaps;
    }

    /// <summary>Whether the role's own selection, or a fallback's, picks someone at <paramref name="now"/> (before the engine's page-everyone last resort).</summary>
    private static bool OnDutyAt(Contacts contacts, Role role, Instant now, HashSet<string> seen)
    {
        if (!seen.Add(role.Id))
        {
            return false;
        }
        var chosen = role.Selection switch
        {
            RoleSelection.FollowTheSun => FollowTheSun.Choose(contacts, role, now, Nobody).People.Count > 0,
            RoleSelection.Rota => RotaWeeks.Choose(contacts, role, now, Nobody).People.Count > 0,
            _ => OnDuty.Members(contacts, role.Members, Nobody).Count > 0,
        };
        return chosen || (role.Fallback is { } id && contacts.FindRole(id) is { } fallback && OnDutyAt(contacts, fallback, now, seen));
    }

    private static bool HasMembers(Contacts contacts, Role role, HashSet<string> seen) =>
        seen.Add(role.Id) && (role.Members.Count > 0
            || (role.Fallback is { } id && contacts.FindRole(id) is { } fallback && HasMembers(contacts, fallback, seen)));

    /// <summary>Every instant in [from, to] where someone's duty can start or stop, sorted, with both ends.</summary>
    private static List<Instant> ChangePoints(Contacts contacts, Instant from, Instant to)
    {
        var points = new SortedSet<Instant> { from, to };
        void Add(Instant t)
        {
            if (t > from && t < to)
            {
                points.Add(t);
            }
        }
        foreach (var hours in contacts.People.Select(p => p.WorkingHours).OfType<WorkCalendar>().Where(h => !h.AlwaysOpen))
        {
            var first = from.InZone(hours.Zone).Date.PlusDays(-2);
            var last = to.InZone(hours.Zone).Date.PlusDays(1);
            foreach (var open in OpenIntervals.OnDates(hours, first, last))
            {
                Add(open.Start);
                Add(open.End);
            }
        }
        foreach (var rota in contacts.Rotas)
        {
            var local = from.InZone(rota.Zone).Date.PlusDays(-7);
            var handoff = local.With(DateAdjusters.NextOrSame(rota.HandoffDay)).At(rota.HandoffTime);
            for (var t = handoff.InZoneLeniently(rota.Zone).ToInstant(); t < to; handoff = handoff.PlusWeeks(1), t = handoff.InZoneLeniently(rota.Zone).ToInstant())
            {
                Add(t);
            }
            foreach (var cover in rota.Overrides)
            {
                Add(cover.From.InZoneLeniently(rota.Zone).ToInstant());
                Add(cover.To.InZoneLeniently(rota.Zone).ToInstant());
            }
        }
        return [.. points];
    }
}
