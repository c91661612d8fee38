using SupportBot.Core.Policy;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Policy;

/// <summary><c>severity_rules:</c> an ordered decision table (first match wins) and the required <c>default_severity</c>.</summary>
internal static class RuleSection
{
    public static List<SeverityRule> ReadRules(YamlReader reader, YamlNode node, string field)
    {
        var rules = new List<SeverityRule>();
        foreach (var (item, path) in reader.List(node, field))
        {
            var map = reader.Map(item, path, "when", "severity", "reason");
            if (map is null)
            {
                continue;
            }
            var when = map.Get("when", required: true) is { } w ? ConditionSection.Read(reader, w, map.Path("when"), askedAt: null) : null;
            var severity = map.Ref(RefKind.Severity, "severity", required: true);
            var reason = map.Text("reason", required: true);
            if (when is not null && severity is not null && reason is not null)
            {
                rules.Add(new SeverityRule(when, severity, reason));
            }
        }
        return rules;
    }

    public static SeverityRule? ReadDefault(YamlReader reader, YamlNode node, string field)
    {
        var map = reader.Map(node, field, "severity", "reason");
        var severity = map?.Ref(RefKind.Severity, "severity", required: true);
        var reason = map?.Text("reason", required: true);
        return severity is null || reason is null ? null : new SeverityRule(AnswerCondition.Always, severity, reason);
    }
}
