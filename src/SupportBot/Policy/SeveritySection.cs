using SupportBot.Core.Policy;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Policy;

/// <summary><c>severities:</c> most severe first, because the list order is the queue order.</summary>
internal static class SeveritySection
{
    private static readonly string[] Keys =
        ["id", "name", "definition", "response", "update_every", "resolution", "calendar", "bridge", "pages", "response_when", "patch_within"];

    public static List<SeverityLevel> Read(YamlReader reader, YamlNode node, string field)
    {
        var severities = new List<SeverityLevel>();
        var items = reader.List(node, field);
        if (items.Count == 0 && node is YamlSequenceNode)
        {
            reader.Error(node, field, "needs at least one severity");
        }
        foreach (var (item, path) in items)
        {
            if (Severity(reader, item, path) is { } severity)
            {
                severities.Add(severity);
            }
        }
        return severities;
    }

    private static SeverityLevel? Severity(YamlReader reader, YamlNode node, string field)
    {
        var map = reader.Map(node, field, Keys);
        if (map is null)
        {
            return null;
        }
        var id = map.Id(RefKind.Severity);
        var name = map.Text("name", required: true);
        var definition = map.Text("definition", required: true);
        var response = map.Target("response", required: true);
        var variants = map.Get("response_when", false) is { } v ? ResponseVariantSection.Read(reader, v, map.Path("response_when"), response) : [];
        var updateEvery = map.Target("update_every");
        var hasResolution = ResolutionTarget.Read(map, "resolution", out var resolution);
        var calendar = map.Ref(RefKind.Calendar, "calendar", required: true);
        var bridge = map.Bool("bridge", false);
        var pages = map.Bool("pages", false);
        var patchWithin = map.Target("patch_within");
        if (id is null || name is null || definition is null || response is null || !hasResolution || calendar is null)
        {
            return null;
        }
        return new SeverityLevel(id, name, definition, response, updateEvery, resolution, calendar, bridge, pages) { ResponseVariants = variants, PatchWithin = patchWithin };
    }
}
