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

    /// <summary>The person behind a platform account, if the policy lists them.</summary>
    public Person? FindByAccount(string channel, string accountId) =>
        People.FirstOrDefault(p => p.Accounts.TryGetValue(channel, out var id) && id == accountId);

    public bool HasRole(Person person, string roleId) =>
        Roles.Any(r => r.Id == roleId && r.Members.Contains(person.Id));
}
