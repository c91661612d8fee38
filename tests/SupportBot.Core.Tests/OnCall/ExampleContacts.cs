using NodaTime;
using SupportBot.Core.OnCall;
using SupportBot.Core.Sla;
using static SupportBot.Core.Tests.Sla.Calendars;

namespace SupportBot.Core.Tests.OnCall;

/// <summary>The default policy's example contacts, built in code: three managers following the sun and a weekly L2 rota.</summary>
internal static class ExampleContacts
{
    public static readonly Person Agent1 = Person("agent-1", "Example Agent One", "America/New_York");
    public static readonly Person Agent2 = Person("agent-2", "Example Agent Two", "Europe/London");
    public static readonly Person L2One = Person("l2-1", "Example L2 Engineer One", "Europe/London");
    public static readonly Person L2Two = Person("l2-2", "Example L2 Engineer Two", "America/Chicago");
    public static readonly Person L2Three = Person("l2-3", "Example L2 Engineer Three", "Asia/Singapore");
    public static readonly Person Americas = Manager("manager-1", "Example Manager Americas", "America/Los_Angeles");
    public static readonly Person Emea = Manager("manager-2", "Example Manager EMEA", "Europe/London");
    public static readonly Person Apac = Manager("manager-3", "Example Manager APAC", "Asia/Singapore");
    public static readonly Person Admin = Person("admin-1", "Example Admin", "Etc/UTC");

    public static readonly Role Agents = new("agents", "Helpdesk agents (L1)", ["agent-1", "agent-2"], RoleSelection.All, null, null);
    public static readonly Role L2Engineers = new("l2-engineers", "L2 engineers", ["l2-1", "l2-2"], RoleSelection.Rota, "l2-weekly", "managers");
    public static readonly Role Managers = new("managers", "Escalation managers", ["manager-1", "manager-2", "manager-3"], RoleSelection.FollowTheSun, null, null);
    public static readonly Role Admins = new("admins", "Administrators", ["admin-1"], RoleSelection.All, null, null);

    /// <summary>Mon 09:00 Europe/London hand-offs from Mon 5 Jan 2026; l2-2 covers Christmas.</summary>
    public static readonly Rota L2Weekly = Rota("l2-weekly", new LocalDate(2026, 1, 5), "l2-1", "l2-2") with
    {
        Overrides = [new RotaOverride("l2-2", new LocalDateTime(2026, 12, 24, 9, 0), new LocalDateTime(2026, 12, 26, 9, 0))],
    };

    public static Contacts Default() =>
        new([Agent1, Agent2, L2One, L2Two, L2Three, Americas, Emea, Apac, Admin], [Agents, L2Engineers, Managers, Admins], [L2Weekly]);

    /// <summary>The default contacts with some roles or rotas replaced (matched by id) or added.</summary>
    public static Contacts With(this Contacts contacts, IEnumerable<Role>? roles = null, IEnumerable<Rota>? rotas = null, IEnumerable<Person>? people = null) =>
        new(Replace(contacts.People, people, p => p.Id), Replace(contacts.Roles, roles, r => r.Id), Replace(contacts.Rotas, rotas, r => r.Id));

    /// <summary>A Mon 09:00 Europe/London weekly rota with no overrides.</summary>
    public static Rota Rota(string id, LocalDate startsOn, params string[] members) =>
        new(id, DateTimeZoneProviders.Tzdb["Europe/London"], IsoDayOfWeek.Monday, new LocalTime(9, 0), startsOn, members, []);

    public static Person Person(string id, string name, string zone, WorkCalendar? hours = null) =>
        new(id, name, $"{id}@example.com", null, DateTimeZoneProviders.Tzdb[zone], new Dictionary<string, string> { ["local"] = id }, hours);

    /// <summary>Someone working Mon–Fri 09:00–17:00 in their own zone.</summary>
    public static Person Manager(string id, string name, string zone) =>
        Person(id, name, zone, Build(id, zone, Weekdays, [Period(9, 17)]));

    static List<T> Replace<T>(IEnumerable<T> current, IEnumerable<T>? replacements, Func<T, string> id)
    {
        var list = current.ToList();
        foreach (var item in replacements ?? [])
        {
            var index = list.FindIndex(x => id(x) == id(item));
            if (index < 0)
            {
                list.Add(item);
            }
            else
            {
                list[index] = item;
            }
        }

        return list;
    }
}
