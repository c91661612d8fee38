using NodaTime;
using SupportBot.Core.Reports;
using SupportBot.Core.Simulation;
using SupportBot.Core.Sla;

namespace SupportBot.Tests.Policy;

/// <summary><c>resolution: none</c>: a severity whose document sets no resolution time (docs/policy-format.md).</summary>
public sealed class ResolutionNoneTests
{
    [Fact]
    public void Resolution_none_loads_a_severity_without_a_resolution_clock()
    {
        var policy = PolicyYaml.Valid(PolicyYaml.Minimal.Replace("response: 4h, resolution: 3d", "response: 4h, resolution: None", StringComparison.Ordinal));

        Assert.Null(policy.Severity("sev2").Resolution);
        Assert.Null(CaseClocks.ResolutionDue(policy, policy.Severity("sev2"), Instant.FromUtc(2026, 11, 24, 10, 0), Duration.Zero));
        Assert.Equal(Duration.FromHours(4), policy.Severity("sev1").Resolution!.Amount);
    }

    [Fact]
    public void A_resolution_that_is_neither_a_target_nor_none_is_an_error_on_its_line()
    {
        var errors = PolicyYaml.Parse(PolicyYaml.Minimal.Replace("response: 4h, resolution: 3d", "response: 4h, resolution: nothing", StringComparison.Ordinal)).Errors;

        var error = Assert.Single(errors);
        Assert.Equal((8, "severities[1].resolution"), (error.Line, error.Field));
        Assert.StartsWith("\"nothing\" is not a duration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaving_resolution_out_is_still_an_error()
    {
        var errors = PolicyYaml.Parse(PolicyYaml.Minimal.Replace(", resolution: 3d", "", StringComparison.Ordinal)).Errors;

        Assert.Equal([(8, "severities[1].resolution", "is required")], errors.Select(e => (e.Line, e.Field, e.Message)));
    }

    [Fact]
    public void A_resolution_breach_level_on_a_severity_without_a_resolution_target_is_an_error()
    {
        var yaml = PolicyYaml.Minimal.Replace("response: 4h, resolution: 3d", "response: 4h, resolution: none", StringComparison.Ordinal) + """

            escalation:
              - id: late
                severities: [sev1, sev2]
                levels:
                  - { name: Managers, trigger: { resolution_breach: true }, role: managers }
            contacts:
              people:
                - { id: m1, name: Example Manager, zone: Etc/UTC }
              roles:
                - { id: managers, members: [m1] }
            """;

        var errors = PolicyYaml.Parse(yaml).Errors;

        var error = Assert.Single(errors);
        Assert.Equal((14, "escalation[0].severities"), (error.Line, error.Field));
        Assert.Equal("\"sev2\" has no resolution target (resolution: none), so a resolution_breach level would never page for it", error.Message);
    }

    [Fact]
    public void A_case_without_a_resolution_target_never_misses_it_in_reports()
    {
        var policy = PolicyYaml.Valid(PolicyYaml.Minimal.Replace("response: 4h, resolution: 3d", "response: 4h, resolution: none", StringComparison.Ordinal));
        var opened = Instant.FromUtc(2026, 11, 24, 10, 0);
        var run = new Simulator(policy).Run(new SimulationRequest(opened, new Dictionary<string, string> { ["category"] = "billing" }));

        var measure = CaseMeasure.Of(policy, new CaseHistory(run.Opened, []), opened + Duration.FromDays(30));

        Assert.Equal(("sev2", null), (run.Opened.SeverityId, run.Opened.ResolutionDueAt));
        Assert.Equal((ClockResult.Missed, ClockResult.Undecided, null), (measure.Response, measure.Resolution, measure.ResolutionDue));
        Assert.EndsWith("; no resolution target", ReportCard.Breach(measure, DateTimeZone.Utc), StringComparison.Ordinal);
    }
}
