using SupportBot.Core.Channels;
using SupportBot.Core.OnCall;
using SupportBot.Core.Policy;

namespace SupportBot.Core.Engine;

/// <summary>
/// Who is acting and what they may do (DESIGN §9). Agents are people the policy lists in any role,
/// or anyone acting from the triage channel; managers and admins are the policy's roles of those names.
/// </summary>
public sealed record Actor(UserRef User, Person? Person, bool IsAgent, bool IsManager, bool IsAdmin)
{
    public const string AgentsRole = "agents";
    public const string ManagersRole = "managers";
    public const string AdminsRole = "admins";

    public string Name => Person?.Name ?? User.Name;

    public static Actor Resolve(SupportPolicy policy, Desk desk, UserRef user, ConversationRef where)
    {
        var person = policy.People.FindByUser(user);
        var isAdmin = person is not null && policy.People.HasRole(person, AdminsRole);
        var isManager = isAdmin || (person is not null && policy.People.HasRole(person, ManagersRole));
        var isStaff = person is not null && policy.People.Roles.Any(r => r.Members.Contains(person.Id));
        var inTriage = desk.Triage is { } triage && triage.Channel == where.Channel && triage.Id == where.Id;
        return new Actor(user, person, isManager || isStaff || inTriage, isManager, isAdmin);
    }
}
