using SupportBot.Core.Policy;

namespace SupportBot.Local.Web;

/// <summary>Someone the page offers to play: a person of the policy with a local account, and the roles they hold.</summary>
public sealed record WorkspacePerson(string Id, string Name, IReadOnlyList<string> Roles)
{
    public static IReadOnlyList<WorkspacePerson> From(SupportPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return [.. policy.People.People
            .Where(p => p.Accounts.ContainsKey("local"))
            .Select(p => new WorkspacePerson(
                p.Accounts["local"], p.Name, [.. policy.People.Roles.Where(r => r.Members.Contains(p.Id)).Select(r => r.Name)]))];
    }
}
