using SupportBot.Core.Channels;

namespace SupportBot.Core.OnCall;

/// <summary>People, the roles they fill and the rotas that pick one of them (DESIGN §4 "contacts and rota").</summary>
public sealed record Contacts(
    IReadOnlyList<Person> People,
    IReadOnlyList<Role> Roles,
    IReadOnlyList<Rota> Rotas)
{
    public static readonly Contacts Empty = new([], [], []);

    public Person? Find(string personId) => People.FirstOrDefault(p => p.Id == personId);

    public Role? FindRole(string roleId) => Roles.FirstOrDefault(r => r.Id == roleId);

    /// <summary>
    /// The policy person behind a platform user. The policy's <c>accounts</c> (the explicit mapping)
    /// win; otherwise the email the platform gives the user, case-insensitively, when exactly one
    /// person has it and that person has no other account on the user's platform (an email never
    /// outweighs the mapping). Anyone else is nobody the policy knows.
    /// </summary>
    public Person? FindByUser(UserRef user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var platform = user.Channel.Id();
        if (user.Id.Length > 0 && People.FirstOrDefault(p => p.Accounts.TryGetValue(platform, out var id) && id == user.Id) is { } mapped)
        {
            return mapped;
        }
        if (string.IsNullOrWhiteSpace(user.Email))
        {
            return null;
        }
        var email = user.Email.Trim();
        var matches = People.Where(p => p.Email is { } e && string.Equals(e.Trim(), email, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        return matches is [var only] && (user.IsByEmail || !only.Accounts.ContainsKey(platform)) ? only : null;
    }

    public bool HasRole(Person person, string roleId) =>
        Roles.Any(r => r.Id == roleId && r.Members.Contains(person.Id));
}
