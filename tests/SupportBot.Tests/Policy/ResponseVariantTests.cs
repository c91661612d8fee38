using NodaTime;
using SupportBot.Core.Simulation;
using SupportBot.Core.Sla;

namespace SupportBot.Tests.Policy;

/// <summary><c>severities[].response_when</c>: a faster (or slower) first response for some reports, at some times.</summary>
public sealed class ResponseVariantTests
{
    private const string Valid = """
        policy: test
        title: Test policy
        case_prefix: TST
        calendars:
          24x7: { always: true }
          weekdays: { zone: Europe/London, hours: { mon-fri: "00:00-24:00" }, holidays: [2026-12-25] }
        severities:
          - id: sev1
            name: Severity 1
            definition: Outage
            response: 1h
            response_when:
              - { when: { phoned: yes }, during: weekdays, response: 15m }
            resolution: 4h
            calendar: 24x7
        questions:
          - { id: phoned, text: Did you phone?, kind: yes-no }
        default_severity: { severity: sev1, reason: Default }
        """;

    private static readonly Instant Tuesday = Instant.FromUtc(2026, 11, 24, 10, 0);
    private static readonly Instant Saturday = Instant.FromUtc(2026, 11, 28, 10, 0);
    private static readonly Instant Christmas = Instant.FromUtc(2026, 12, 25, 10, 0);

    [Fact]
    public void A_matching_variant_replaces_the_response_target_only_while_its_calendar_is_open()
    {
        var policy = PolicyYaml.Valid(Valid);
        var sev1 = policy.Severity("sev1");
        var phoned = new Dictionary<string, string> { ["phoned"] = "yes" };
        var caseOnly = new Dictionary<string, string> { ["phoned"] = "no" };

        var variant = Assert.Single(sev1.ResponseVariants);
        Assert.Equal(("weekdays", Duration.FromMinutes(15), "15 minutes"), (variant.During, variant.Response.Amount, variant.Response.Text));
        Assert.Equal(Tuesday + Duration.FromMinutes(15), ResponseTargets.Due(policy, sev1, Tuesday, phoned));
        Assert.Equal(Tuesday + Duration.FromHours(1), ResponseTargets.Due(policy, sev1, Tuesday, caseOnly));
        Assert.Equal(Saturday + Duration.FromHours(1), ResponseTargets.Due(policy, sev1, Saturday, phoned));
        Assert.Equal(Christmas + Duration.FromHours(1), ResponseTargets.Due(policy, sev1, Christmas, phoned));
        Assert.Equal("1 hour", ResponseTargets.For(policy, sev1, Saturday, phoned).Text);
    }

    [Fact]
    public void A_case_opened_by_the_engine_shows_and_keeps_the_variant_target()
    {
        var simulator = new Simulator(PolicyYaml.Valid(Valid));
        var phoned = new Dictionary<string, string> { ["phoned"] = "yes" };

        var weekday = simulator.Run(new SimulationRequest(Tuesday, phoned, Until: Tuesday + Duration.FromHours(1)));
        var weekend = simulator.Run(new SimulationRequest(Saturday, phoned, Until: Saturday + Duration.FromHours(1)));

        Assert.Equal(Tuesday + Duration.FromMinutes(15), weekday.Opened.ResponseDueAt);
        Assert.Equal("15 minutes response target", weekday.Clocks.Single(c => c.Name == "response").Detail);
        Assert.Equal(Saturday + Duration.FromHours(1), weekend.Opened.ResponseDueAt);
        Assert.Equal("1 hour response target", weekend.Clocks.Single(c => c.Name == "response").Detail);
    }

    [Fact]
    public void Bad_variants_are_reported_with_their_line_and_field()
    {
        var errors = PolicyYaml.Parse("""
            policy: test
            title: Test policy
            case_prefix: TST
            calendars:
              24x7: { always: true }
            severities:
              - id: sev1
                name: Severity 1
                definition: Outage
                response: 1h
                response_when:
                  - { when: { phoned: maybe }, during: weekends, response: 15m }
                  - { response: 30m }
                  - { when: { phoned: yes }, response: { target: 15m, calendar: 24x7 } }
                  - { when: { phoned: yes } }
                resolution: 4h
                calendar: 24x7
            questions:
              - { id: phoned, text: Did you phone?, kind: yes-no }
            default_severity: { severity: sev1, reason: Default }
            """).Errors;

        Assert.Equal(
            [(12, "severities[0].response_when[0].during", "unknown calendar \"weekends\" (calendars: 24x7)"),
             (12, "severities[0].response_when[0].when.phoned", "\"maybe\" is not an answer to \"phoned\" (answers: yes, no)"),
             (13, "severities[0].response_when[1]", "needs \"when\" (answers) or \"during\" (a calendar open when the case is opened), or both; otherwise it would always replace the severity's response"),
             (14, "severities[0].response_when[2].response", "counts on the calendar of the severity's own response target; write a plain target such as 15m"),
             (15, "severities[0].response_when[3].response", "is required")],
            errors.Select(e => (e.Line, e.Field, e.Message)));
    }

    [Fact]
    public void An_empty_variant_list_is_an_error()
    {
        var errors = PolicyYaml.Parse(PolicyYaml.Minimal.Replace("response: 15m,", "response: 15m, response_when: [],", StringComparison.Ordinal)).Errors;

        var error = Assert.Single(errors);
        Assert.Equal(("severities[0].response_when", "needs at least one entry (or leave response_when out)"), (error.Field, error.Message));
    }
}
