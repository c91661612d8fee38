using NodaTime;
using SupportBot.Core.Sla;
using SupportBot.Policy;

namespace SupportBot.Tests.Policy;

public sealed class TargetTextTests
{
    [Theory]
    [InlineData("15m", 15 * 60)]
    [InlineData("4h", 4 * 3600)]
    [InlineData("3d", 3 * 86400)]
    [InlineData("90s", 90)]
    [InlineData("1h30m", 90 * 60)]
    [InlineData("1d 12h", 36 * 3600)]
    [InlineData("2 hours", 2 * 3600)]
    [InlineData("45 minutes", 45 * 60)]
    public void A_duration_target_is_elapsed_time_on_the_calendar(string text, long seconds)
    {
        Assert.True(TargetText.TryParseTarget(text, null, out var target));

        Assert.Equal(Duration.FromSeconds(seconds), target.Amount);
        Assert.Equal((0, false, null, SlaTarget.Words(Duration.FromSeconds(seconds))), (target.WorkingDays, target.IsWorkingDays, target.Calendar, target.Text));
    }

    [Theory]
    [InlineData("7 working days", 7)]
    [InlineData("7 business days", 7)]
    [InlineData("1 working day", 1)]
    [InlineData("2 Business Days", 2)]
    public void Working_days_are_counted_on_a_calendar(string text, int days)
    {
        Assert.True(TargetText.TryParseTarget(text, "business", out var target));

        Assert.Equal((days, true, Duration.Zero, "business"), (target.WorkingDays, target.IsWorkingDays, target.Amount, target.Calendar));
    }

    [Theory]
    [InlineData("15 minuts")]
    [InlineData("15")]
    [InlineData("m15")]
    [InlineData("1.5h")]
    [InlineData("7 working")]
    [InlineData("")]
    public void Text_that_is_not_a_target_is_refused(string text)
    {
        Assert.False(TargetText.TryParseTarget(text, null, out _));
    }

    [Theory]
    [InlineData("12 months", 0, 12, 0)]
    [InlineData("1 year", 1, 0, 0)]
    [InlineData("90 days", 0, 0, 90)]
    public void Retention_periods_are_calendar_periods(string text, int years, int months, int days)
    {
        Assert.True(TargetText.TryParsePeriod(text, out var period));

        Assert.Equal(Period.FromYears(years) + Period.FromMonths(months) + Period.FromDays(days), period.Normalize());
    }

    [Fact]
    public void The_mapping_form_names_its_own_calendar()
    {
        var yaml = PolicyYaml.Minimal
            .Replace("  24x7: { always: true }", "  24x7: { always: true }\n  business: { zone: Europe/London, hours: { mon-fri: \"09:00-17:00\" } }", StringComparison.Ordinal)
            .Replace("resolution: 3d,", "resolution: { target: 2 business days, calendar: business },", StringComparison.Ordinal)
            .Replace("response: 4h,", "response: { target: 4h },", StringComparison.Ordinal);

        var sev2 = PolicyYaml.Valid(yaml).Severity("sev2");

        Assert.Equal((2, "business"), (sev2.Resolution!.WorkingDays, sev2.Resolution.Calendar));
        Assert.Equal((Duration.FromHours(4), null), (sev2.Response.Amount, sev2.Response.Calendar));
        Assert.Equal("24x7", sev2.Calendar);
    }

    [Fact]
    public void The_mapping_form_reports_a_missing_target_an_unknown_key_and_an_unknown_calendar()
    {
        var yaml = PolicyYaml.Minimal
            .Replace("resolution: 3d,", "resolution: { calendar: office, within: 3d },", StringComparison.Ordinal);

        var errors = PolicyYaml.Parse(yaml).Errors;

        Assert.Equal(
            ["severities[1].resolution.within", "severities[1].resolution.target", "severities[1].resolution.calendar"],
            errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal(8, e.Line));
    }

    [Fact]
    public void A_zero_target_is_refused_but_a_zero_manual_delay_is_allowed()
    {
        var errors = PolicyYaml.Parse(PolicyYaml.Minimal.Replace("response: 15m,", "response: 0m,", StringComparison.Ordinal)).Errors;

        Assert.Equal("\"0m\" must be longer than zero", Assert.Single(errors).Message);
    }

    [Fact]
    public void Plain_durations_refuse_working_days_and_say_why()
    {
        var errors = PolicyYaml.Parse(PolicyYaml.Minimal + "\nreminders: { duplicate_window: 2 working days }\n").Errors;

        var error = Assert.Single(errors);
        Assert.Equal("reminders.duplicate_window", error.Field);
        Assert.Contains("working days need a calendar", error.Message, StringComparison.Ordinal);
    }
}
