using NodaTime;
using SupportBot.Core.Policy.Lint;

namespace SupportBot.Tests.Policy.Lint;

/// <summary>
/// The pre-flight lint on small policies, "now" being Sunday 22 Nov 2026 12:00 UTC (next Tuesday is
/// the 24th). Each policy starts from one with nothing to report and breaks one thing.
/// </summary>
public sealed class PolicyLintTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 22, 12, 0);

    // Two engineers on a weekly rota (fallback: the duty manager), one manager for everything after them.
    private const string Clean = """
        policy: lint
        title: Lint test
        case_prefix: LNT
        calendars:
          24x7: { always: true }
          business: { zone: Etc/UTC, hours: { mon-fri: "09:00-17:00" } }
        severities:
          - { id: sev1, name: Severity 1, definition: Outage, response: 15m, resolution: 4h, calendar: 24x7, pages: true }
          - { id: sev2, name: Severity 2, definition: Other, response: 4h, resolution: 3 working days, calendar: business }
        questions:
          - { id: category, text: What is it about?, kind: choice, options: [billing, network] }
        default_severity: { severity: sev2, reason: Default }
        escalation:
          - id: outage
            severities: [sev1]
            levels:
              - { name: On call, trigger: { elapsed: 30m }, role: oncall }
              - { name: Manager, trigger: { resolution_breach: true }, role: duty }
        contacts:
          people:
            - { id: eng-1, name: Engineer One, email: eng1@example.com, zone: Etc/UTC }
            - { id: eng-2, name: Engineer Two, zone: Etc/UTC, accounts: { slack: U0ENG2 } }
            - { id: boss, name: Duty Manager, zone: Etc/UTC, accounts: { teams: "29:boss" } }
          roles:
            - { id: oncall, name: On-call engineers, members: [eng-1, eng-2], select: rota, rota: weekly }
            - { id: duty, name: Duty managers, members: [boss] }
          rotas:
            - id: weekly
              zone: Etc/UTC
              handoff: { day: mon, time: "09:00" }
              starts_on: 2026-11-02
              members: [eng-1, eng-2]
        """;

    private static IReadOnlyList<LintFinding> Lint(string yaml) => PolicyLint.Check(PolicyYaml.Valid(yaml), Now);

    private static string Edit(params (string From, string To)[] edits) =>
        edits.Aggregate(Clean, (yaml, e) =>
        {
            Assert.Contains(e.From, yaml, StringComparison.Ordinal);
            return yaml.Replace(e.From, e.To, StringComparison.Ordinal);
        });

    [Fact]
    public void A_policy_with_everyone_covered_and_reachable_has_no_findings() => Assert.Empty(Lint(Clean));

    [Fact]
    public void A_one_hour_rota_gap_next_tuesday_an_empty_role_and_a_ladder_ending_with_nobody_are_exactly_the_three_findings()
    {
        // The rota is written as shifts with a one-hour hole on Tuesday; the last level pages a role nobody is in.
        var yaml = Edit(
            ("""
                  starts_on: 2026-11-02
                  members: [eng-1, eng-2]
            """, """
                  starts_on: 2026-11-02
                  members: []
                  overrides:
                    - { person: eng-1, from: "2026-11-16T09:00", to: "2026-11-24T12:00" }
                    - { person: eng-2, from: "2026-11-24T13:00", to: "2027-03-01T09:00" }
            """),
            ("- { id: duty, name: Duty managers, members: [boss] }",
             "- { id: duty, name: Duty managers, members: [boss] }\n    - { id: night, name: Night managers, members: [] }"),
            ("role: duty }", "role: night }"));

        var findings = Lint(yaml);

        Assert.Equal(
            [
                (LintCodes.OnCallGap, "contacts.roles[oncall]"),
                (LintCodes.EmptyRole, "contacts.roles[night]"),
                (LintCodes.LadderDeadEnd, "escalation[outage].levels[2]"),
            ],
            findings.Select(f => (f.Code, f.Location)));
        Assert.Equal("On-call engineers has nobody on duty for 1 hour in the next eight weeks (first Tue 24 Nov 12:00-13:00 UTC), "
            + "and no fallback role: a page then goes to every member of the role, whatever their hours.", findings[0].Message);
        Assert.Contains("Night managers has nobody in it and is paged by outage level 2", findings[1].Message, StringComparison.Ordinal);
        Assert.Contains("ends at level 2 (Manager)", findings[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_follow_the_sun_ladder_role_with_hours_nobody_covers_is_an_on_call_gap_counted_over_eight_weeks()
    {
        var yaml = Edit(
            ("- { id: eng-1, name: Engineer One, email: eng1@example.com, zone: Etc/UTC }",
             "- { id: eng-1, name: Engineer One, email: eng1@example.com, zone: Etc/UTC, hours: { mon-sun: \"00:00-12:00\" } }"),
            ("- { id: eng-2, name: Engineer Two, zone: Etc/UTC, accounts: { slack: U0ENG2 } }",
             "- { id: eng-2, name: Engineer Two, zone: Asia/Tokyo, accounts: { slack: U0ENG2 }, hours: { mon-sun: \"22:00-24:00\" } }"),
            ("members: [eng-1, eng-2], select: rota, rota: weekly }", "members: [eng-1, eng-2], select: follow-the-sun }"));

        var finding = Assert.Single(Lint(yaml));

        // Covered 00:00-12:00 and 13:00-15:00 UTC (22:00-24:00 in Tokyo): nobody 12:00-13:00 and 15:00-24:00, every day.
        Assert.Equal((LintCodes.OnCallGap, "contacts.roles[oncall]"), (finding.Code, finding.Location));
        Assert.StartsWith("On-call engineers has nobody on duty for 560 hours in the next eight weeks (first Sun 22 Nov 12:00-13:00 UTC, 112 times in all)",
            finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fallback_role_on_duty_closes_the_gap()
    {
        var yaml = Edit(
            ("- { id: eng-1, name: Engineer One, email: eng1@example.com, zone: Etc/UTC }",
             "- { id: eng-1, name: Engineer One, email: eng1@example.com, zone: Etc/UTC, hours: { mon-sun: \"00:00-12:00\" } }"),
            ("members: [eng-1, eng-2], select: rota, rota: weekly }", "members: [eng-1], select: follow-the-sun, fallback: duty }"));

        Assert.Empty(Lint(yaml));
    }

    [Fact]
    public void A_follow_the_sun_role_no_ladder_pages_reports_its_holes()
    {
        var yaml = Edit(
            ("- { id: boss, name: Duty Manager, zone: Etc/UTC, accounts: { teams: \"29:boss\" } }",
             "- { id: boss, name: Duty Manager, zone: Etc/UTC, accounts: { teams: \"29:boss\" }, hours: { mon-fri: \"09:00-17:00\" } }"),
            ("- { id: duty, name: Duty managers, members: [boss] }",
             "- { id: duty, name: Duty managers, members: [boss] }\n    - { id: agents, name: Agents, members: [boss], select: follow-the-sun }"));

        var finding = Assert.Single(Lint(yaml));

        Assert.Equal((LintCodes.FollowTheSunHole, "contacts.roles[agents]"), (finding.Code, finding.Location));
        // Working 09:00-17:00 on weekdays leaves 1344 - 8 x 40 hours: the first weekend's end, then five stretches a week.
        Assert.Contains("for 1024 hours in the next eight weeks (first Sun 22 Nov 12:00 to Mon 23 Nov 09:00 UTC, 41 times in all)", finding.Message, StringComparison.Ordinal);
        Assert.EndsWith("nobody's working hours cover those times.", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_person_with_no_teams_or_slack_id_and_no_email_is_unreachable()
    {
        var yaml = Edit(("- { id: eng-1, name: Engineer One, email: eng1@example.com, zone: Etc/UTC }",
            "- { id: eng-1, name: Engineer One, zone: Etc/UTC, accounts: { local: eng-1 } }"));

        var finding = Assert.Single(Lint(yaml));

        Assert.Equal((LintCodes.Unreachable, "contacts.people[eng-1]"), (finding.Code, finding.Location));
        Assert.StartsWith("Engineer One has no Teams or Slack id and no email", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ladder_whose_last_role_has_only_unreachable_people_ends_with_nobody()
    {
        var yaml = Edit(("- { id: boss, name: Duty Manager, zone: Etc/UTC, accounts: { teams: \"29:boss\" } }",
            "- { id: boss, name: Duty Manager, zone: Etc/UTC }"));

        var findings = Lint(yaml);

        Assert.Equal([(LintCodes.Unreachable, "contacts.people[boss]"), (LintCodes.LadderDeadEnd, "escalation[outage].levels[2]")],
            findings.Select(f => (f.Code, f.Location)));
    }

    [Fact]
    public void A_target_on_a_calendar_closed_for_the_next_eight_weeks_falls_outside_it()
    {
        var holidays = string.Join(", ", Enumerable.Range(0, 60).Select(d => new LocalDate(2026, 11, 22).PlusDays(d).ToString("yyyy-MM-dd", null)));
        var yaml = Edit(("hours: { mon-fri: \"09:00-17:00\" } }", $"hours: {{ mon-fri: \"09:00-17:00\" }}, holidays: [{holidays}] }}"));

        var findings = Lint(yaml);

        Assert.Equal(["severities[sev2].response", "severities[sev2].resolution"], findings.Select(f => f.Location));
        Assert.All(findings, f => Assert.Equal(LintCodes.TargetOutsideCalendar, f.Code));
        Assert.Contains("has no working hours in the next eight weeks", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_preset_has_no_findings()
    {
        var preset = PolicyYaml.Valid(File.ReadAllText(PolicyYaml.RepositoryFile("policies/operational-guide.yml")));

        Assert.Empty(PolicyLint.Check(preset, Now));
    }
}
