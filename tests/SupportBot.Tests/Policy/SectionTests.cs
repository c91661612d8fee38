using NodaTime;
using SupportBot.Core.Channels;
using SupportBot.Core.Escalation;
using SupportBot.Core.OnCall;
using SupportBot.Core.Sla;

namespace SupportBot.Tests.Policy;

public sealed class SectionTests
{
    [Fact]
    public void Working_hours_accept_day_ranges_lists_of_spans_and_midnight_as_an_end()
    {
        var policy = PolicyYaml.Valid(WithCalendar("""
              office:
                zone: Europe/Paris
                hours: { mon-thu: "09:00-17:30", fri: ["08:00-12:00", "13:00-16:00"], sat-sun: "20:00-24:00" }
                holidays: [2026-12-25, 2027-01-01]
            """));

        var office = policy.Calendar("office");
        Assert.Equal("Europe/Paris", office.Zone.Id);
        Assert.Equal(7, office.WeeklyHours.Count);
        Assert.Equal([new(new LocalTime(9, 0), new LocalTime(17, 30))], office.WeeklyHours[IsoDayOfWeek.Wednesday]);
        Assert.Equal(2, office.WeeklyHours[IsoDayOfWeek.Friday].Count);
        Assert.Equal(new WorkingPeriod(new LocalTime(20, 0), LocalTime.Midnight, EndsAtMidnight: true), office.WeeklyHours[IsoDayOfWeek.Sunday][0]);
        Assert.Contains(new LocalDate(2026, 12, 25), office.Holidays);
    }

    [Fact]
    public void A_calendar_that_is_not_always_open_needs_a_zone_and_hours()
    {
        var errors = PolicyYaml.Parse(WithCalendar("""
              office: { holidays: [2026-13-01] }
              shop: { zone: Etc/UTC, hours: {} }
            """)).Errors;

        Assert.Equal(
            [(6, "calendars.office.zone", "is required"), (6, "calendars.office.hours", "is required"),
             (6, "calendars.office.holidays[0]", "\"2026-13-01\" is not a date (use YYYY-MM-DD, e.g. 2026-12-25)"),
             (7, "calendars.shop.hours", "a calendar that is not always open needs working hours on at least one day")],
            errors.Select(e => (e.Line, e.Field, e.Message)));
    }

    [Fact]
    public void Bad_hours_are_reported_per_day()
    {
        var errors = PolicyYaml.Parse(WithCalendar("""
              office:
                zone: Etc/UTC
                hours: { mon-fri: "09:00-17:00", fri: "10:00-12:00", fri-mon: "09:00-10:00", sat: "17:00-09:00", sun: ["08:00-12:00", "11:00-13:00"] }
            """)).Errors;

        Assert.Equal(
            ["calendars.office.hours.fri", "calendars.office.hours.fri-mon", "calendars.office.hours.sat", "calendars.office.hours.sun"],
            errors.Select(e => e.Field));
        Assert.Equal("fri already has hours; a day may appear once", errors[0].Message);
        Assert.Equal("\"11:00-13:00\" overlaps another span on the same day", errors[3].Message);
    }

    [Fact]
    public void Contacts_resolve_people_roles_and_rotas()
    {
        var policy = PolicyYaml.Valid(PolicyYaml.Minimal + "\n" + Contacts);

        var people = policy.People;
        Assert.Equal("agent-2", people.FindByUser(new UserRef(ChannelKind.Slack, "U02", "Bea"))!.Id);
        Assert.Equal(RoleSelection.FollowTheSun, people.FindRole("managers")!.Selection);
        Assert.Equal((RoleSelection.Rota, "weekly", "managers"), (people.FindRole("oncall")!.Selection, people.FindRole("oncall")!.RotaId, people.FindRole("oncall")!.Fallback));
        var rota = Assert.Single(people.Rotas);
        Assert.Equal((IsoDayOfWeek.Monday, new LocalTime(9, 0), new LocalDate(2026, 1, 5)), (rota.HandoffDay, rota.HandoffTime, rota.StartsOn));
        Assert.Equal(new RotaOverride("agent-2", new LocalDateTime(2026, 12, 24, 9, 0), new LocalDateTime(2026, 12, 26, 9, 0)), Assert.Single(rota.Overrides));
        Assert.Equal("Asia/Tokyo", people.Find("agent-2")!.WorkingHours!.Zone.Id);
    }

    [Fact]
    public void Contacts_report_unknown_people_roles_rotas_and_follow_the_sun_without_hours()
    {
        var yaml = Contacts
            .Replace("members: [agent-1, agent-2], select: follow-the-sun", "members: [agent-1, agent-3], select: follow-the-sun", StringComparison.Ordinal)
            .Replace("rota: weekly, fallback: managers", "rota: weekly, fallback: manager", StringComparison.Ordinal)
            .Replace("hours: { mon-fri: \"09:00-17:00\" } }\n    - { id: agent-2", "}\n    - { id: agent-2", StringComparison.Ordinal)
            .Replace("starts_on: 2026-01-05", "starts_on: 2026-01-06", StringComparison.Ordinal)
            .Replace("zone: Asia/Tokyo", "zone: Asia/Tokio", StringComparison.Ordinal);

        var errors = PolicyYaml.Parse(PolicyYaml.Minimal + "\n" + yaml).Errors;

        Assert.Equal(
            ["contacts.people[1].zone", "contacts.roles[0].members", "contacts.roles[0].members", "contacts.roles[1].fallback", "contacts.rotas[0].starts_on"],
            errors.Select(e => e.Field));
        Assert.Contains("\"agent-1\" has no working hours", errors[2].Message, StringComparison.Ordinal);
        Assert.StartsWith("unknown person \"agent-3\" (people: agent-1, agent-2)", errors[1].Message, StringComparison.Ordinal);
        Assert.StartsWith("unknown role \"manager\"", errors[3].Message, StringComparison.Ordinal);
        Assert.Equal("2026-01-06 is a Tuesday, but the hand-off day is Monday", errors[4].Message);
    }

    [Fact]
    public void Escalation_ladders_read_triggers_and_manual_rules()
    {
        var policy = PolicyYaml.Valid(PolicyYaml.Minimal + "\n" + Contacts + "\n" + """
            escalation:
              - id: urgent
                severities: [sev1]
                manual: { allowed: true, not_before: 0m, refusal: Not yet, require: [description, reason] }
                levels:
                  - { name: L2, trigger: { elapsed: { target: 30m, calendar: 24x7 } }, role: oncall, ack_timeout: 10m, repeats: 2 }
                  - { name: Managers, trigger: { resolution_breach: true }, role: managers }
              - id: normal
                severities: [sev2]
                levels:
                  - { name: On request, trigger: { manual: true }, role: managers }
            """);

        var urgent = policy.Ladders[0];
        Assert.Equal(new LadderTrigger(TriggerKind.Elapsed, SlaTarget.Of(Duration.FromMinutes(30), "24x7")), urgent.Levels[0].Trigger);
        Assert.Equal((1, Duration.FromMinutes(10), 2), (urgent.Levels[0].Number, urgent.Levels[0].AckTimeout, urgent.Levels[0].Repeats));
        Assert.Equal((2, TriggerKind.ResolutionBreach, Duration.FromMinutes(15), 0), (urgent.Levels[1].Number, urgent.Levels[1].Trigger.Kind, urgent.Levels[1].AckTimeout, urgent.Levels[1].Repeats));
        Assert.Equal((true, Duration.Zero, "Not yet"), (urgent.Manual.Allowed, urgent.Manual.NotBefore!.Amount, urgent.Manual.RefusalReason));
        Assert.Equal(["description", "reason"], urgent.Manual.RequiredFields);
        var normal = policy.Ladders[1];
        Assert.Equal(TriggerKind.Manual, normal.Levels[0].Trigger.Kind);
        Assert.Equal(["description", "progress", "impact", "reason"], normal.Manual.RequiredFields);
    }

    [Fact]
    public void Escalation_reports_bad_triggers_unknown_roles_and_a_severity_on_two_ladders()
    {
        var errors = PolicyYaml.Parse(PolicyYaml.Minimal + "\n" + """
            escalation:
              - id: a
                severities: [sev1, sev3]
                manual: { require: [mood] }
                levels:
                  - { name: L2, trigger: { elapsed: 30m, manual: true }, role: oncall }
                  - { name: L3, trigger: { response_breach: false }, role: oncall }
              - id: b
                severities: [sev1]
                levels: []
            """).Errors;

        Assert.Equal(
            [(14, "escalation[0].severities"), (15, "escalation[0].manual.require"), (17, "escalation[0].levels[0].trigger"),
             (17, "escalation[0].levels[0].role"), (18, "escalation[0].levels[1].trigger.response_breach"),
             (18, "escalation[0].levels[1].role"), (20, "escalation[1].severities"), (21, "escalation[1].levels")],
            errors.Select(e => (e.Line, e.Field)));
        Assert.Equal("\"sev1\" is already on ladder \"a\"; a severity may be on one ladder", errors[6].Message);
    }

    [Fact]
    public void Reminder_fractions_must_be_in_zero_to_one_and_report_targets_in_range()
    {
        var errors = PolicyYaml.Parse(PolicyYaml.Minimal + "\n" + """
            reminders: { response_fractions: [0, 0.5, 1.5] }
            reports:
              targets: { first_contact_resolution: 75, csat: 6, nps: [40, 20] }
              sla_credit: { percent: 5, outage_longer_than: 2 working days, severities: [sev1, sev7] }
            retention: { closed_cases: 12 weeks }
            """).Errors;

        Assert.Equal(
            [(12, "reminders.response_fractions[0]"), (12, "reminders.response_fractions[2]"),
             (14, "reports.targets.first_contact_resolution"), (14, "reports.targets.csat"), (14, "reports.targets.nps"),
             (15, "reports.sla_credit.outage_longer_than"), (15, "reports.sla_credit.severities"), (16, "retention.closed_cases")],
            errors.Select(e => (e.Line, e.Field)));
    }

    [Fact]
    public void A_ladder_may_not_list_a_severity_that_does_not_page()
    {
        var errors = PolicyYaml.Parse(PolicyYaml.Minimal.Replace("calendar: 24x7, pages: true }\n", "calendar: 24x7 }\n", StringComparison.Ordinal) + "\n" + Contacts + "\n" + """
            escalation:
              - id: quiet
                severities: [sev2]
                levels:
                  - { name: L2, trigger: { elapsed: 1h, wall_clock: true }, role: managers }
            """).Errors;

        Assert.Contains(errors, e => e.Message.Contains("\"sev2\" does not page", StringComparison.Ordinal));
    }

    private const string Contacts = """
        contacts:
          people:
            - { id: agent-1, name: Example One, email: one@example.com, zone: America/New_York, accounts: { local: agent-1, slack: U01 }, hours: { mon-fri: "09:00-17:00" } }
            - { id: agent-2, name: Example Two, email: two@example.com, zone: Asia/Tokyo, accounts: { slack: U02, teams: 29:abc }, hours: { mon-fri: "09:00-17:00" } }
          roles:
            - { id: managers, name: Managers, members: [agent-1, agent-2], select: follow-the-sun }
            - { id: oncall, members: [agent-1, agent-2], select: rota, rota: weekly, fallback: managers }
          rotas:
            - id: weekly
              zone: Europe/London
              handoff: { day: mon, time: "09:00" }
              starts_on: 2026-01-05
              members: [agent-1, agent-2]
              overrides: [ { person: agent-2, from: "2026-12-24T09:00", to: "2026-12-26T09:00" } ]
        """;

    private static string WithCalendar(string calendar) =>
        PolicyYaml.Minimal.Replace("  24x7: { always: true }\n", "  24x7: { always: true }\n" + calendar + "\n", StringComparison.Ordinal);
}
