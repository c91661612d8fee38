using NodaTime;

namespace SupportBot.Core.OnCall;

/// <summary>
/// Who to page for a role: <see cref="RoleId"/> is the role the people came from (a fallback role when
/// the requested one had nobody), and <see cref="Why"/> is one sentence for the case log.
/// </summary>
public sealed record OnDutyChoice(string RoleId, IReadOnlyList<Person> People, string Why);

/// <summary>
/// Who is on duty for a role at an instant, decided at paging time. The role's selection picks people
/// (everyone, follow-the-sun or a rota); when that picks nobody the role's fallback is tried, then everyone
/// in the role. Pure, and gaps in the contacts give an empty choice with a reason rather than an exception.
/// </summary>
public static class OnDuty
{
    static readonly IReadOnlySet<string> Nobody = new HashSet<string>();

    /// <summary>
    /// Who to page for <paramref name="roleId"/> at <paramref name="now"/>; the person ids in
    /// <paramref name="exclude"/> are never chosen (nobody is paged about their own action).
    /// </summary>
    public static OnDutyChoice Resolve(Contacts contacts, string roleId, Instant now, IReadOnlySet<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        ArgumentNullException.ThrowIfNull(roleId);
        return contacts.FindRole(roleId) is { } role
            ? Resolve(contacts, role, now, exclude ?? Nobody, new HashSet<string>(StringComparer.Ordinal))
            : new OnDutyChoice(roleId, [], $"nobody can be paged for \"{roleId}\": there is no such role");
    }

    /// <summary>
    /// The next instant strictly after <paramref name="after"/> at which a member of a follow-the-sun role
    /// starts a working period, and who; null when no member has working hours or the role is not follow-the-sun.
    /// </summary>
    public static (Instant At, Person Person)? NextShiftStart(Contacts contacts, string roleId, Instant after)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        ArgumentNullException.ThrowIfNull(roleId);
        return contacts.FindRole(roleId) is { Selection: RoleSelection.FollowTheSun } role
            ? FollowTheSun.NextShiftStart(contacts, role, after)
            : null;
    }

    static OnDutyChoice Resolve(Contacts contacts, Role role, Instant now, IReadOnlySet<string> exclude, HashSet<string> visited)
    {
        visited.Add(role.Id);
        var chosen = role.Selection switch
        {
            RoleSelection.All => Everyone(contacts, role, exclude),
            RoleSelection.FollowTheSun => FollowTheSun.Choose(contacts, role, now, exclude),
            RoleSelection.Rota => RotaWeeks.Choose(contacts, role, now, exclude),
            _ => new OnDutyChoice(role.Id, [], $"{role.Name} has a selection this version does not know"),
        };
        if (chosen.People.Count > 0)
        {
            return chosen;
        }

        // An empty choice carries the reason nobody was chosen, which prefixes whatever is paged instead.
        var nobody = chosen.Why;
        string instead;
        if (role.Fallback is null)
        {
            instead = $"{role.Name} has no fallback";
        }
        else if (contacts.FindRole(role.Fallback) is not { } fallback)
        {
            instead = $"its fallback \"{role.Fallback}\" is not a role";
        }
        else if (visited.Contains(fallback.Id))
        {
            // Roles falling back to each other in a circle would otherwise page nobody, forever.
            instead = $"its fallback {fallback.Name} was already tried";
        }
        else
        {
            var inner = Resolve(contacts, fallback, now, exclude, visited);
            if (inner.People.Count > 0)
            {
                return inner with { Why = $"{nobody}; falling back to {fallback.Name}: {inner.Why}" };
            }

            instead = $"nobody in its fallback {fallback.Name} can be paged either";
        }

        var everyone = Members(contacts, role.Members, exclude);
        return everyone.Count > 0
            ? new OnDutyChoice(role.Id, everyone, $"{nobody}, and {instead}: paging everyone in it")
            : new OnDutyChoice(role.Id, [], $"nobody can be paged for {role.Name}: {nobody}, {instead}, and none of its members can be paged");
    }

    static OnDutyChoice Everyone(Contacts contacts, Role role, IReadOnlySet<string> exclude)
    {
        var all = Members(contacts, role.Members, Nobody);
        var paged = Members(contacts, role.Members, exclude);
        if (paged.Count == 0)
        {
            return new OnDutyChoice(role.Id, [], all.Count == 0
                ? $"none of the members of {role.Name} is a listed contact"
                : $"everyone in {role.Name} is excluded");
        }

        var left = all.Where(p => !paged.Contains(p)).ToList();
        var except = left.Count == 0 ? "" : $" except {Names(left)}";
        return new OnDutyChoice(role.Id, paged, $"everyone in {role.Name}{except}: {Names(paged)}");
    }

    /// <summary>The listed people behind <paramref name="ids"/>, in order, leaving out the excluded.</summary>
    internal static List<Person> Members(Contacts contacts, IEnumerable<string> ids, IReadOnlySet<string> exclude) =>
        [.. ids.Where(id => !exclude.Contains(id)).Select(contacts.Find).OfType<Person>()];

    internal static string Names(IEnumerable<Person> people) => string.Join(", ", people.Select(p => p.Name));
}
