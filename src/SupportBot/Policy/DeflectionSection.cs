using SupportBot.Core.Policy;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Policy;

/// <summary>
/// <c>deflection:</c> self-help steps per category. Each category must be an option of the well-known
/// <c>category</c> question, because that answer is what picks the steps.
/// </summary>
internal static class DeflectionSection
{
    public static List<Deflection> Read(YamlReader reader, YamlNode node, string field)
    {
        var deflections = new List<Deflection>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (item, path) in reader.List(node, field))
        {
            var map = reader.Map(item, path, "category", "title", "steps");
            if (map is null)
            {
                continue;
            }
            var category = map.Text("category", required: true);
            if (category is not null)
            {
                var categoryNode = map.Optional("category")!;
                if (!seen.Add(category))
                {
                    reader.Error(categoryNode, map.Path("category"), $"\"{category}\" already has deflection steps");
                }
                reader.References.UseCondition("category", categoryNode, [(category, categoryNode)], map.Path("category"), askedAt: null);
            }
            var title = map.Text("title", required: true);
            var stepsNode = map.Get("steps", required: true);
            var steps = stepsNode is null ? [] : reader.TextList(stepsNode, map.Path("steps"));
            if (stepsNode is YamlSequenceNode && steps.Count == 0)
            {
                reader.Error(stepsNode, map.Path("steps"), "needs at least one step");
            }
            if (category is not null && title is not null && steps.Count > 0)
            {
                deflections.Add(new Deflection(category, title, [.. steps.Select(s => s.Value)]));
            }
        }
        return deflections;
    }
}
