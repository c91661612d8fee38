using SupportBot.Core.OnCall;

namespace SupportBot.Core.Policy.Lint;

/// <summary>Findings about who is in the contacts: empty roles, people the bot cannot reach, ladders ending with nobody.</summary>
internal static class ContactsLint
{
    public static IEnumerable<LintFinding> EmptyRoles(SupportPolicy policy) =>
        policy.People.Roles.Where(r => r.Members.Count == 0).Select(r => new LintFinding(LintCodes.EmptyRole, $"contacts.roles[{r.Id}]",
            $"Role {r.Name} has nobody in it{UsedBy(policy, r.Id)}: add its members."));

    public static IEnumerable<LintFinding> UnreachablePeople(SupportPolicy policy) =>
        policy.People.People.Where(p => !PolicyLint.Reachable(p)).Select(p => new LintFinding(LintCodes.Unreachable, $"contacts.people[{p.Id}]",
            $"{p.Name} has no Teams or Slack id and no email, so the bot cannot page or message them there: add accounts.teams, accounts.slack or an email."));

    public static IEnumerable<LintFinding> LadderDeadEnds(SupportPolicy policy)
    {
        foreach (var ladder in policy.Ladders)
        {
            var last = ladder.Levels[^1];
            if (!Pageable(policy.People, last.Role, []))
            {
                yield return new LintFinding(LintCodes.LadderDeadEnd, $"escalation[{ladder.Id}].levels[{last.Number}]",
                    $"Ladder {ladder.Id} ends at level {last.Number} ({last.Name}), whose role {last.Role} has nobody the bot can page, "
                    + "so an unanswered escalation ends with nobody: put reachable people in that role or its fallback.");
            }
        }
    }

    /// <summary>Whether anyone in the role or its fallbacks can ever be reached.</summary>
    private static bool Pageable(Contacts contacts, string roleId, HashSet<string> seen)
    {
        if (!seen.Add(roleId) || contacts.FindRole(roleId) is not { } role)
        {
            return false;
        }
        return role.Members.Select(contacts.Find).OfType<Person>().Any(PolicyLint.Reachable)
            || (role.Fallback is { } fallback && Pageable(contacts, fallback, seen));
    }

    private static string UsedBy(SupportPolicy policy, string roleId)
    {
        var levels = policy.Ladders.SelectMany(l => l.Levels.Where(v => v.Role == roleId).Select(v => $"{l.Id} level {v.Number}")).ToList();
        return levels.Count == 0 ? "" : $" and is paged by {string.Join(", ", levels)}";
    }
}
