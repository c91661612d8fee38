using NodaTime;
using SupportBot.Policy;

namespace SupportBot.Tests.Policy;

public sealed class PolicyLoaderTests
{
    [Fact]
    public void A_policy_with_three_mistakes_reports_all_three_with_line_numbers()
    {
        const string yaml = """
            policy: test
            title: Test policy
            case_prefix: TST
            calendars:
              24x7: { always: true }
            severities:
              - id: sev1
                name: Severity 1
                definition: Outage
                response: 15 minuts
                resolution: 4h
                calendar: 24x7
                colour: red
            questions:
              - { id: category, text: What is it about?, kind: choice, options: [billing, network] }
            default_severity: { severity: sev9, reason: Default }
            """;

        var result = PolicyYaml.Parse(yaml);

        Assert.Null(result.Policy);
        Assert.Equal(
            [(10, "severities[0].response"), (13, "severities[0].colour"), (16, "default_severity.severity")],
            result.Errors.Select(e => (e.Line, e.Field)));
        Assert.Equal(
            "test.yml:10: severities[0].response: \"15 minuts\" is not a duration (use e.g. 15m, 4h, 3d or \"7 working days\")",
            result.Errors[0].ToString());
        Assert.Contains("unknown severity \"sev9\" (severities: sev1)", result.Errors[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_minimal_policy_loads_and_optional_sections_take_their_defaults()
    {
        var policy = PolicyYaml.Valid(PolicyYaml.Minimal);

        Assert.Equal(DateTimeZone.Utc, policy.DisplayZone);
        Assert.Empty(policy.SeverityRules);
        Assert.Empty(policy.Deflections);
        Assert.Empty(policy.Ladders);
        Assert.Empty(policy.People.People);
        Assert.Equal([0.5, 0.8, 1.0], policy.Reminders.ResponseFractions);
        Assert.Equal(Duration.FromDays(5), policy.Reminders.AutoCloseResolvedAfter);
        Assert.Equal(Duration.FromDays(14), policy.Reminders.AutoCloseWaitingAfter);
        Assert.Equal(Duration.FromDays(1), policy.Reminders.CsatFollowUpAfter);
        Assert.Equal(Duration.FromHours(2), policy.Reminders.DuplicateWindow);
        Assert.Equal(Duration.FromDays(14), policy.Reminders.PostmortemAfter);
        Assert.Null(policy.Reports.Credit);
        Assert.Null(policy.Reports.Targets.FirstResponse);
        Assert.Equal(Period.FromMonths(12), policy.Retention.KeepClosedCasesFor);
        Assert.Equal(200, policy.Questions[0].MaxLength);
        Assert.False(policy.Questions[0].Required);
    }

    [Fact]
    public void A_missing_required_section_is_reported_at_the_top_level()
    {
        var result = PolicyYaml.Parse(PolicyYaml.Minimal.Replace("default_severity: { severity: sev2, reason: Default }", "", StringComparison.Ordinal));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("default_severity", "is required"), (error.Field, error.Message));
    }

    [Fact]
    public void An_unknown_key_is_reported_with_the_closest_allowed_key()
    {
        var result = PolicyYaml.Parse(PolicyYaml.Minimal + "\nremiders: { duplicate_window: 1h }\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal((12, "remiders"), (error.Line, error.Field));
        Assert.StartsWith("unknown key (did you mean \"reminders\"?) (allowed: policy, title,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_time_zone_is_an_error()
    {
        var result = PolicyYaml.Parse("display_zone: Mars/Olympus_Mons\n" + PolicyYaml.Minimal);

        var error = Assert.Single(result.Errors);
        Assert.Equal((1, "display_zone"), (error.Line, error.Field));
        Assert.StartsWith("\"Mars/Olympus_Mons\" is not a time zone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_to_an_unknown_calendar_names_the_known_ones()
    {
        var result = PolicyYaml.Parse(PolicyYaml.Minimal.Replace("resolution: 3d, calendar: 24x7", "resolution: 3d, calendar: business", StringComparison.Ordinal));

        var error = Assert.Single(result.Errors);
        Assert.Equal((8, "severities[1].calendar"), (error.Line, error.Field));
        Assert.Equal("unknown calendar \"business\" (calendars: 24x7)", error.Message);
    }

    [Fact]
    public void A_yaml_syntax_error_is_one_error_with_its_line()
    {
        const string yaml = """
            policy: test
            title: Test policy
            case_prefix: "TST
            calendars:
              24x7: { always: true }
            """;

        var error = Assert.Single(PolicyYaml.Parse(yaml).Errors);
        Assert.Equal("", error.Field);
        Assert.StartsWith("YAML syntax error", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void A_duplicate_key_is_a_yaml_error_on_its_line()
    {
        var error = Assert.Single(PolicyYaml.Parse(PolicyYaml.Minimal + "\ntitle: Again\n").Errors);

        Assert.Equal((12, "YAML syntax error: Duplicate key title"), (error.Line, error.Message));
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        var error = Assert.Single(PolicyYaml.Parse("# nothing here\n").Errors);

        Assert.Equal("the file is empty", error.Message);
    }

    [Fact]
    public void A_missing_file_is_one_error_naming_the_file()
    {
        var result = PolicyLoader.Load("policies/does-not-exist.yml");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("policies/does-not-exist.yml: cannot read the policy file", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_ids_are_reported_where_they_repeat()
    {
        var yaml = PolicyYaml.Minimal
            .Replace("{ id: sev2, name: Severity 2", "{ id: sev1, name: Severity 2", StringComparison.Ordinal)
            .Replace("options: [billing, network]", "options: [billing, network, Billing]", StringComparison.Ordinal)
            .Replace("default_severity: { severity: sev2", "default_severity: { severity: sev1", StringComparison.Ordinal);

        var errors = PolicyYaml.Parse(yaml).Errors;

        Assert.Equal(
            [(8, "severities[1].id", "duplicate severity id \"sev1\""), (10, "questions[0].options[2]", "duplicate option value \"Billing\"")],
            errors.Select(e => (e.Line, e.Field, e.Message)));
    }

    [Theory]
    [InlineData("sup")]
    [InlineData("S")]
    [InlineData("SUPPORT")]
    [InlineData("SUP1")]
    public void The_case_prefix_must_be_two_to_six_capital_letters(string prefix)
    {
        var error = Assert.Single(PolicyYaml.Parse(PolicyYaml.Minimal.Replace("case_prefix: TST", $"case_prefix: {prefix}", StringComparison.Ordinal)).Errors);

        Assert.Equal((3, "case_prefix"), (error.Line, error.Field));
    }

    [Fact]
    public void Wrong_types_are_reported_with_what_was_expected()
    {
        var yaml = PolicyYaml.Minimal
            .Replace("severities:\n", "severities: nope\nunused:\n", StringComparison.Ordinal)
            .Replace("questions:\n  - ", "questions:\n  - bad\n  - ", StringComparison.Ordinal);

        var errors = PolicyYaml.Parse(yaml).Errors;

        Assert.Contains(errors, e => e is { Line: 6, Field: "severities", Message: "expected a list, got \"nope\"" });
        Assert.Contains(errors, e => e is { Field: "questions[0]" } && e.Message.StartsWith("expected a mapping with keys id, text", StringComparison.Ordinal));
    }

    [Fact]
    public void Errors_format_as_one_line_each()
    {
        var errors = new[]
        {
            new PolicyError("policies/x.yml", 12, "severities[1].response", "\"15 minuts\" is not a duration (use e.g. 15m, 4h, 3d or \"7 working days\")"),
            new PolicyError("policies/x.yml", 3, "", "YAML syntax error: duplicate key"),
        };

        Assert.Equal(
            "policies/x.yml:12: severities[1].response: \"15 minuts\" is not a duration (use e.g. 15m, 4h, 3d or \"7 working days\")"
                + Environment.NewLine + "policies/x.yml:3: YAML syntax error: duplicate key",
            PolicyErrors.Format(errors));
    }
}
