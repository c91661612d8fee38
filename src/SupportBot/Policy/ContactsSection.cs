using SupportBot.Core.OnCall;
using SupportBot.Core.Sla;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Policy;

/// <summary><c>contacts:</c> people, the roles they fill and the rotas that pick one of them.</summary>
internal static class ContactsSection
{
    private static readonly string[] Platforms = ["local", "slack", "teams"];

    private static readonly Dictionary<string, RoleSelection> Selections = new(StringComparer.Ordinal)
    {
        ["all"] = RoleSelection.All,
        ["follow-the-sun"] = RoleSelection.FollowTheSun,
        ["rota"] = RoleSelection.Rota,
    };

    public static Contacts Read(YamlReader reader, YamlNode node, string field)
    {
        var map = reader.Map(node, field, "people", "roles", "rotas");
        if (map is null)
        {
            return Contacts.Empty;
        }
        var people = People(reader, map);
        var roles = new List<Role>();
        foreach (var (item, path) in map.List("roles"))
        {
            if (Role(reader, item, path) is { } role)
            {
                roles.Add(role);
            }
        }
        var rotas = new List<Rota>();
        foreach (var (item, path) in map.List("rotas"))
        {
            if (RotaSection.Read(reader, item, path) is { } rota)
            {
                rotas.Add(rota);
            }
        }
        return new Contacts(people, roles, rotas);
    }

    private static List<Person> People(YamlReader reader, YamlMap contacts)
    {
        var people = new List<Person>();
        // Two people behind one chat account would make every permission check ambiguous.
        var accountOwners = new Dictionary<(string, string), string>();
        foreach (var (item, path) in contacts.List("people"))
        {
            var map = reader.Map(item, path, "id", "name", "email", "phone", "zone", "accounts", "hours", "region");
            if (map is null)
            {
                continue;
            }
            var id = map.Id(RefKind.Person);
            var name = map.Text("name", required: true);
            var email = map.Text("email");
            if (email is not null && (!email.Contains('@', StringComparison.Ordinal) || email.Contains(' ', StringComparison.Ordinal)))
            {
                reader.Error(map.Optional("email")!, map.Path("email"), $"\"{email}\" is not an email address");
            }
            var phone = map.Text("phone");
            var zone = map.Zone("zone", required: true);
            var accounts = new Dictionary<string, string>(StringComparer.Ordinal);
            if (map.Map("accounts", false, Platforms) is { } accountMap)
            {
                foreach (var platform in Platforms)
                {
                    if (accountMap.Text(platform) is not { } account)
                    {
                        continue;
                    }
                    accounts[platform] = account;
                    if (!accountOwners.TryAdd((platform, account), id ?? "?"))
                    {
                        reader.Error(accountMap.Optional(platform)!, accountMap.Path(platform),
                            $"{platform} account \"{account}\" already belongs to \"{accountOwners[(platform, account)]}\"");
                    }
                }
            }
            WorkCalendar? hours = null;
            if (map.Get("hours", false) is { } hoursNode)
            {
                var weekly = WeeklyHours.Read(reader, hoursNode, map.Path("hours"));
                if (id is not null && weekly.Count > 0)
                {
                    reader.References.DeclareWorkingHours(id);
                    hours = zone is null ? null : new WorkCalendar(id, zone, false, weekly, new HashSet<NodaTime.LocalDate>());
                }
            }
            if (id is not null && name is not null && zone is not null)
            {
                people.Add(new Person(id, name, email, phone, zone, accounts, hours) { Region = map.Text("region") });
            }
        }
        return people;
    }

    private static Role? Role(YamlReader reader, YamlNode node, string field)
    {
        var map = reader.Map(node, field, "id", "name", "members", "select", "rota", "fallback");
        if (map is null)
        {
            return null;
        }
        var id = map.Id(RefKind.Role);
        var name = map.Text("name") ?? id;
        var selectText = map.Text("select") ?? "all";
        RoleSelection? selection = Selections.TryGetValue(selectText, out var s) ? s : null;
        if (selection is null)
        {
            reader.Error(map.Optional("select")!, map.Path("select"), $"\"{selectText}\" is not a selection (use {string.Join(" | ", Selections.Keys)})");
        }
        // A role may be declared with nobody in it yet (members: []); `policy check` warns about it.
        var members = ContactsSection.Members(reader, map, allowEmpty: true);
        foreach (var (member, memberNode) in members)
        {
            if (selection == RoleSelection.FollowTheSun)
            {
                reader.References.UseFollowTheSunMember(member, memberNode, map.Path("members"));
            }
        }
        var rota = map.Ref(RefKind.Rota, "rota", required: selection == RoleSelection.Rota);
        if (rota is not null && selection is not (RoleSelection.Rota or null))
        {
            reader.Error(map.Optional("rota")!, map.Path("rota"), "a rota is only used with select: rota");
        }
        var fallback = map.Ref(RefKind.Role, "fallback");
        if (fallback is not null && fallback == id)
        {
            reader.Error(map.Optional("fallback")!, map.Path("fallback"), "a role cannot fall back to itself");
        }
        if (id is null || name is null || selection is null)
        {
            return null;
        }
        return new Role(id, name, [.. members.Select(m => m.Value)], selection.Value, rota, fallback);
    }

    /// <summary>A role's or rota's <c>members</c>: each a person the policy lists; at least one unless <paramref name="allowEmpty"/>.</summary>
    public static IReadOnlyList<(string Value, YamlNode Node)> Members(YamlReader reader, YamlMap map, bool allowEmpty = false)
    {
        var membersNode = map.Get("members", required: true);
        var members = membersNode is null ? [] : reader.TextList(membersNode, map.Path("members"));
        if (membersNode is YamlSequenceNode && members.Count == 0 && !allowEmpty)
        {
            reader.Error(membersNode, map.Path("members"), "needs at least one person");
        }
        foreach (var (member, memberNode) in members)
        {
            reader.References.Use(RefKind.Person, member, memberNode, map.Path("members"));
        }
        return members;
    }
}
