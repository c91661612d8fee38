using NodaTime;

namespace SupportBot.Tests.Policy;

/// <summary><c>patch_within</c>: the patch a severity promises for a bug raised on it (docs/policy-format.md).</summary>
public sealed class PatchWithinTests
{
    private static string WithPatch(string value) =>
        PolicyYaml.Minimal.Replace("response: 4h, resolution: 3d", $"response: 4h, resolution: 3d, patch_within: {value}", StringComparison.Ordinal);

    [Fact]
    public void A_severity_promises_a_patch_within_a_target_on_its_own_calendar_or_a_named_one()
    {
        var plain = PolicyYaml.Valid(WithPatch("24h"));
        var mapped = PolicyYaml.Valid(WithPatch("{ target: 2 working days, calendar: 24x7 }"));

        Assert.Equal((Duration.FromHours(24), null), (plain.Severity("sev2").PatchWithin!.Amount, plain.Severity("sev2").PatchWithin!.Calendar));
        Assert.Null(plain.Severity("sev1").PatchWithin);
        Assert.Equal((2, "24x7"), (mapped.Severity("sev2").PatchWithin!.WorkingDays, mapped.Severity("sev2").PatchWithin!.Calendar));
    }

    [Theory]
    [InlineData("soon", "\"soon\" is not a duration")]
    [InlineData("0h", "must be longer than zero")]
    [InlineData("{ target: 24h, calendar: office }", "unknown calendar \"office\"")]
    [InlineData("{ target: 24h, calender: 24x7 }", "unknown key (did you mean \"calendar\"?)")]
    public void A_patch_target_that_is_not_a_target_is_an_error_on_its_line(string value, string message)
    {
        var errors = PolicyYaml.Parse(WithPatch(value)).Errors;

        var error = Assert.Single(errors);
        Assert.Equal(8, error.Line);
        Assert.StartsWith("severities[1].patch_within", error.Field, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
