using SupportBot.Core.Escalation;
using SupportBot.Core.Policy;
using SupportBot.Core.Sla;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Policy;

/// <summary>
/// A severity's <c>resolution:</c>: a target, or <c>none</c> for a document that sets no resolution
/// time ("discussed and defined case by case"). The key stays required, so that leaving it out by
/// mistake is still an error rather than a severity that silently never breaches.
/// </summary>
internal static class ResolutionTarget
{
    public const string None = "none";

    /// <summary>Whether the key was read; <paramref name="target"/> is null for <c>none</c>.</summary>
    public static bool Read(YamlMap map, string key, out SlaTarget? target)
    {
        target = null;
        if (map.Get(key, required: true) is not { } node)
        {
            return false;
        }
        if (node is YamlScalarNode { Value: { } text } && string.Equals(text.Trim(), None, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        target = map.Target(key);
        return target is not null;
    }

    /// <summary>A <c>resolution_breach</c> level would never fire for a severity without a resolution target.</summary>
    public static void CheckBreachLevels(
        YamlReader reader, string field, IReadOnlyList<(string Value, YamlNode Node)> severities,
        IReadOnlyList<SeverityLevel> severityLevels, IReadOnlyList<LadderLevel>? levels)
    {
        if (levels is null || !levels.Any(l => l.Trigger.Kind == TriggerKind.ResolutionBreach))
        {
            return;
        }
        foreach (var (id, node) in severities)
        {
            if (severityLevels.FirstOrDefault(s => s.Id == id) is { Resolution: null })
            {
                reader.Error(node, field, $"\"{id}\" has no resolution target (resolution: none), so a resolution_breach level would never page for it");
            }
        }
    }
}
