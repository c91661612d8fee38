using SupportBot.Core.Policy;

namespace SupportBot.Core.Cases;

/// <summary>The severity the policy's decision table gives for a set of answers, with the reason in words.</summary>
public sealed record SeverityDecision(SeverityLevel Severity, string Reason);

public static class SeverityRules
{
    /// <summary>First matching rule wins; the default applies when none matches.</summary>
    public static SeverityDecision Decide(SupportPolicy policy, IReadOnlyDictionary<string, string> answers)
    {
        var rule = policy.SeverityRules.FirstOrDefault(r => r.When.Matches(answers)) ?? policy.DefaultRule;
        return new SeverityDecision(policy.Severity(rule.SeverityId), rule.Reason);
    }
}
