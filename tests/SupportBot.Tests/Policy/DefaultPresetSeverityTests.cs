using SupportBot.Core.Cases;
using SupportBot.Core.Policy;
using SupportBot.Policy;

namespace SupportBot.Tests.Policy;

/// <summary>Every rule of the default preset's severity decision table, and its default, decided from answers.</summary>
public sealed class DefaultPresetSeverityTests
{
    private static readonly Lazy<SupportPolicy> Preset = new(() => PolicyLoader.Load(PolicyYaml.RepositoryFile("policies/operational-guide.yml")).Policy!);

    [Theory]
    [InlineData("connectivity", "global", "sev1", "global outage")]
    [InlineData("authentication", "regional", "sev2", "one region")]
    [InlineData("billing", null, "sev4", "billing")]
    [InlineData("feature-request", null, "sev4", "feature request")]
    [InlineData("captive-portal", "single-customer", "sev3", "one customer")]
    public void Each_severity_rule_of_the_default_preset_gives_its_severity_and_reason(string category, string? impact, string severity, string reasonMentions)
    {
        var answers = new Dictionary<string, string> { ["category"] = category };
        if (impact is not null)
        {
            answers["impact"] = impact;
        }

        var decision = SeverityRules.Decide(Preset.Value, answers);

        Assert.Equal(severity, decision.Severity.Id);
        Assert.Contains(reasonMentions, decision.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Answers_no_rule_matches_get_the_default_severity_3_with_its_reason()
    {
        var decision = SeverityRules.Decide(Preset.Value, new Dictionary<string, string> { ["category"] = "onboarding" });

        Assert.Equal("sev3", decision.Severity.Id);
        Assert.Equal(Preset.Value.DefaultRule.Reason, decision.Reason);
    }

    [Fact]
    public void A_global_outage_is_severity_1_whatever_the_category()
    {
        var decision = SeverityRules.Decide(Preset.Value, new Dictionary<string, string> { ["category"] = "other", ["impact"] = "global" });

        Assert.Equal("sev1", decision.Severity.Id);
    }
}
