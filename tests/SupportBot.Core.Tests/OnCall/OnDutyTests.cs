using NodaTime;
using SupportBot.Core.OnCall;
using static SupportBot.Core.Tests.OnCall.ExampleContacts;
using static SupportBot.Core.Tests.Sla.Calendars;

namespace SupportBot.Core.Tests.OnCall;

public sealed class OnDutyTests
{
    // Early March 2026: Los Angeles is UTC-8, London UTC+0 and Singapore UTC+8, so the three
    // 09:00-17:00 days run 17:00-01:00, 09:00-17:00 and 01:00-09:00 UTC.
    static readonly Instant TuesdayLondonMorning = Instant.FromUtc(2026, 3, 3, 10, 30);
    static readonly Instant TuesdayLondonClosing = Instant.FromUtc(2026, 3, 3, 17, 0);
    static readonly Instant SaturdayNoonUtc = Instant.FromUtc(2026, 3, 7, 12, 0);

    // The week from Mon 14 Dec 2026 is l2-2's (week 49 of l2-weekly); London is on GMT, so local = UTC.
    static readonly Instant L2HandoffMonday = Instant.FromUtc(2026, 12, 14, 9, 0);

    static readonly Contacts Contacts = Default();

    [Theory]
    [InlineData(3, 10, 30, "manager-2", "Example Manager EMEA is on duty for Escalation managers: Tue 10:30 in Europe/London is within their working hours")]
    [InlineData(3, 20, 0, "manager-1", "Example Manager Americas is on duty for Escalation managers: Tue 12:00 in America/Los_Angeles is within their working hours")]
    [InlineData(4, 3, 0, "manager-3", "Example Manager APAC is on duty for Escalation managers: Wed 11:00 in Asia/Singapore is within their working hours")]
    public void Follow_the_sun_pages_the_manager_whose_local_working_hours_cover_the_instant(int day, int hour, int minute, string expected, string why)
    {
        var choice = OnDuty.Resolve(Contacts, "managers", Instant.FromUtc(2026, 3, day, hour, minute));

        Assert.Equal([expected], Ids(choice));
        Assert.Equal("managers", choice.RoleId);
        Assert.Equal(why, choice.Why);
    }

    [Fact]
    public void Follow_the_sun_hands_over_at_closing_time_because_working_hours_are_half_open()
    {
        Assert.Equal(["manager-1"], Ids(OnDuty.Resolve(Contacts, "managers", TuesdayLondonClosing)));
        Assert.Equal(["manager-2"], Ids(OnDuty.Resolve(Contacts, "managers", TuesdayLondonClosing - Duration.FromMinutes(1))));
    }

    [Fact]
    public void Follow_the_sun_with_nobody_working_and_no_fallback_pages_everyone_in_the_role()
    {
        var choice = OnDuty.Resolve(Contacts, "managers", SaturdayNoonUtc);

        Assert.Equal(["manager-1", "manager-2", "manager-3"], Ids(choice));
        Assert.Equal("nobody in Escalation managers is on duty now, and Escalation managers has no fallback: paging everyone in it", choice.Why);
    }

    [Fact]
    public void Follow_the_sun_with_nobody_working_pages_the_fallback_role()
    {
        var contacts = Contacts.With(roles: [Managers with { Fallback = "admins" }]);

        var choice = OnDuty.Resolve(contacts, "managers", SaturdayNoonUtc);

        Assert.Equal(["admin-1"], Ids(choice));
        Assert.Equal("admins", choice.RoleId);
        Assert.Equal("nobody in Escalation managers is on duty now; falling back to Administrators: everyone in Administrators: Example Admin", choice.Why);
    }

    [Fact]
    public void Follow_the_sun_prefers_whoever_works_on_longest_and_never_picks_someone_without_hours()
    {
        var noHours = Person("manager-0", "Example Manager Unscheduled", "Europe/London");
        var late = Person("manager-4", "Example Manager Late EMEA", "Europe/London", Build("manager-4", "Europe/London", Weekdays, [Period(12, 20)]));
        var twin = Manager("manager-5", "Example Manager EMEA Twin", "Europe/London");
        var role = Managers with { Members = ["manager-0", "manager-2", "manager-5", "manager-4"] };
        var contacts = Contacts.With(roles: [role], people: [noHours, late, twin]);

        Assert.Equal(["manager-4"], Ids(OnDuty.Resolve(contacts, "managers", Instant.FromUtc(2026, 3, 3, 13, 0))));
        // Two people stopping at the same time: member order decides.
        Assert.Equal(["manager-2"], Ids(OnDuty.Resolve(contacts, "managers", TuesdayLondonMorning)));
    }

    [Fact]
    public void The_rota_hands_off_at_its_local_handoff_time()
    {
        Assert.Equal(["l2-1"], Ids(OnDuty.Resolve(Contacts, "l2-engineers", L2HandoffMonday - Duration.FromMinutes(1))));
        Assert.Equal(["l2-2"], Ids(OnDuty.Resolve(Contacts, "l2-engineers", L2HandoffMonday)));

        var after = OnDuty.Resolve(Contacts, "l2-engineers", L2HandoffMonday + Duration.FromMinutes(1));
        Assert.Equal(["l2-2"], Ids(after));
        Assert.Equal("Example L2 Engineer Two is on call for rota l2-weekly (week from Mon 14 Dec 09:00 Europe/London)", after.Why);
    }

    [Fact]
    public void An_override_covers_the_rota_from_its_start_until_its_end()
    {
        // The week from Mon 21 Dec is l2-1's; l2-2 covers Thu 24 Dec 09:00 to Sat 26 Dec 09:00.
        var from = Instant.FromUtc(2026, 12, 24, 9, 0);
        var to = Instant.FromUtc(2026, 12, 26, 9, 0);

        Assert.Equal(["l2-1"], Ids(OnDuty.Resolve(Contacts, "l2-engineers", from - Duration.FromMinutes(1))));
        var during = OnDuty.Resolve(Contacts, "l2-engineers", from);
        Assert.Equal(["l2-2"], Ids(during));
        Assert.Equal("Example L2 Engineer Two covers rota l2-weekly by override until Sat 26 Dec 09:00 Europe/London", during.Why);
        Assert.Equal(["l2-2"], Ids(OnDuty.Resolve(Contacts, "l2-engineers", to - Duration.FromMinutes(1))));
        Assert.Equal(["l2-1"], Ids(OnDuty.Resolve(Contacts, "l2-engineers", to)));
    }

    [Fact]
    public void Before_its_first_handoff_the_rota_cycles_backwards()
    {
        var rota = Rota("l2-weekly", new LocalDate(2026, 1, 5), "l2-1", "l2-2", "l2-3");
        var contacts = Contacts.With(rotas: [rota]);
        var firstHandoff = Instant.FromUtc(2026, 1, 5, 9, 0);

        Assert.Equal(["l2-1"], Ids(OnDuty.Resolve(contacts, "l2-engineers", firstHandoff)));
        Assert.Equal(["l2-3"], Ids(OnDuty.Resolve(contacts, "l2-engineers", firstHandoff - Duration.FromMinutes(1))));
        Assert.Equal(["l2-2"], Ids(OnDuty.Resolve(contacts, "l2-engineers", firstHandoff - Duration.FromDays(7) - Duration.FromMinutes(1))));
    }

    [Fact]
    public void After_the_spring_forward_the_rota_still_hands_off_at_0900_london_time()
    {
        // Clocks go forward on Sun 28 Mar 2027, so Mon 29 Mar 09:00 BST is 08:00 UTC; the week from then is l2-1's.
        // Weeks of 168 hours from the winter first hand-off (Mon 5 Jan 2026 09:00 GMT) would hand off at 10:00 BST
        // instead and still page l2-2 at 09:30 BST.
        Assert.Equal(["l2-2"], Ids(OnDuty.Resolve(Contacts, "l2-engineers", Instant.FromUtc(2027, 3, 29, 7, 30))));  // 08:30 BST
        Assert.Equal(["l2-1"], Ids(OnDuty.Resolve(Contacts, "l2-engineers", Instant.FromUtc(2027, 3, 29, 8, 30))));  // 09:30 BST
    }

    [Fact]
    public void After_the_fall_back_the_rota_still_hands_off_at_0900_london_time()
    {
        // A rota that started in summer (Mon 1 Jun 2026 09:00 BST = 08:00 UTC). Clocks go back on Sun 31 Oct 2027,
        // so Mon 1 Nov 09:00 GMT is 09:00 UTC; the week from then is l2-1's. Weeks of 168 hours from the first
        // hand-off would hand off at 08:00 GMT instead and already page l2-1 at 08:30 GMT.
        var contacts = Contacts.With(rotas: [Rota("l2-weekly", new LocalDate(2026, 6, 1), "l2-1", "l2-2")]);

        Assert.Equal(["l2-2"], Ids(OnDuty.Resolve(contacts, "l2-engineers", Instant.FromUtc(2027, 11, 1, 8, 30))));  // 08:30 GMT
        Assert.Equal(["l2-1"], Ids(OnDuty.Resolve(contacts, "l2-engineers", Instant.FromUtc(2027, 11, 1, 9, 30))));  // 09:30 GMT
    }

    [Fact]
    public void An_excluded_on_call_engineer_is_not_paged_and_the_fallback_role_is()
    {
        var choice = OnDuty.Resolve(Contacts, "l2-engineers", L2HandoffMonday + Duration.FromHours(1), new HashSet<string> { "l2-2" });

        Assert.Equal(["manager-2"], Ids(choice));
        Assert.Equal("managers", choice.RoleId);
        Assert.Equal(
            "Example L2 Engineer Two is on call for rota l2-weekly (week from Mon 14 Dec 09:00 Europe/London) but is excluded; " +
            "falling back to Escalation managers: Example Manager EMEA is on duty for Escalation managers: Mon 10:00 in Europe/London is within their working hours",
            choice.Why);
    }

    [Fact]
    public void An_all_role_pages_every_member_in_order_except_the_excluded()
    {
        var everyone = OnDuty.Resolve(Contacts, "agents", TuesdayLondonMorning);
        Assert.Equal(["agent-1", "agent-2"], Ids(everyone));
        Assert.Equal("everyone in Helpdesk agents (L1): Example Agent One, Example Agent Two", everyone.Why);

        var others = OnDuty.Resolve(Contacts, "agents", TuesdayLondonMorning, new HashSet<string> { "agent-1" });
        Assert.Equal(["agent-2"], Ids(others));
        Assert.Equal("everyone in Helpdesk agents (L1) except Example Agent One: Example Agent Two", others.Why);
    }

    [Fact]
    public void Roles_falling_back_to_each_other_stop_at_the_first_repeat_and_page_everyone_in_the_last_role()
    {
        var contacts = Contacts.With(roles: [Managers with { Fallback = "l2-engineers" }]);
        var saturday = Instant.FromUtc(2026, 12, 19, 12, 0);  // l2-2's week; no manager is working

        var choice = OnDuty.Resolve(contacts, "l2-engineers", saturday, new HashSet<string> { "l2-2" });

        Assert.Equal(["manager-1", "manager-2", "manager-3"], Ids(choice));
        Assert.Equal("managers", choice.RoleId);
        Assert.EndsWith("its fallback L2 engineers was already tried: paging everyone in it", choice.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Roles_falling_back_to_each_other_with_everyone_excluded_page_nobody_and_say_so()
    {
        var a = new Role("a", "Team A", ["agent-1"], RoleSelection.All, null, "b");
        var b = new Role("b", "Team B", ["agent-2"], RoleSelection.All, null, "a");
        var contacts = Contacts.With(roles: [a, b]);

        var choice = OnDuty.Resolve(contacts, "a", TuesdayLondonMorning, new HashSet<string> { "agent-1", "agent-2" });

        Assert.Empty(choice.People);
        Assert.StartsWith("nobody can be paged for Team A: everyone in Team A is excluded", choice.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_role_pages_nobody_and_says_so()
    {
        var choice = OnDuty.Resolve(Contacts, "night-watch", TuesdayLondonMorning);

        Assert.Empty(choice.People);
        Assert.Equal("nobody can be paged for \"night-watch\": there is no such role", choice.Why);
    }

    [Fact]
    public void The_next_shift_start_is_the_earliest_one_strictly_after_the_instant_among_the_managers()
    {
        Assert.Equal((TuesdayLondonClosing, Americas), OnDuty.NextShiftStart(Contacts, "managers", TuesdayLondonMorning));
        // Tue 17:00 UTC is when the Americas day starts, so the next start after it is Singapore's Wednesday.
        Assert.Equal((Instant.FromUtc(2026, 3, 4, 1, 0), Apac), OnDuty.NextShiftStart(Contacts, "managers", TuesdayLondonClosing));
        // Over the weekend, Singapore's Monday 09:00 comes first.
        Assert.Equal((Instant.FromUtc(2026, 3, 9, 1, 0), Apac), OnDuty.NextShiftStart(Contacts, "managers", SaturdayNoonUtc));
    }

    [Fact]
    public void There_is_no_next_shift_start_for_a_role_without_hours_or_not_following_the_sun()
    {
        var unscheduled = Managers with { Id = "unscheduled", Members = ["agent-1", "agent-2"] };
        var contacts = Contacts.With(roles: [unscheduled]);

        Assert.Null(OnDuty.NextShiftStart(contacts, "unscheduled", TuesdayLondonMorning));
        Assert.Null(OnDuty.NextShiftStart(contacts, "l2-engineers", TuesdayLondonMorning));
        Assert.Null(OnDuty.NextShiftStart(contacts, "night-watch", TuesdayLondonMorning));
    }

    static string[] Ids(OnDutyChoice choice) => [.. choice.People.Select(p => p.Id)];
}
