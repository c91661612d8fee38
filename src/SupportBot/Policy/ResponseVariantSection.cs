using SupportBot.Core.Policy;
using SupportBot.Core.Sla;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Policy;

/// <summary>
/// <c>severities[].response_when:</c> other first-response targets for some reports, first match
/// wins: <c>{ when: { phoned: yes }, during: uk-working-days, response: 15m }</c>.
/// </summary>
internal static class ResponseVariantSection
{
    public static List<ResponseVariant> Read(YamlReader reader, YamlNode node, string field, SlaTarget? response)
    {
        var variants = new List<ResponseVariant>();
        var items = reader.List(node, field);
        if (items.Count == 0 && node is YamlSequenceNode)
        {
            reader.Error(node, field, "needs at least one entry (or leave response_when out)");
        }
        foreach (var (item, path) in items)
        {
            var map = reader.Map(item, path, "when", "during", "response");
            if (map is null)
            {
                continue;
            }
            var when = map.Get("when", false) is { } w ? ConditionSection.Read(reader, w, map.Path("when"), askedAt: null) : AnswerCondition.Always;
            var during = map.Ref(RefKind.Calendar, "during");
            var target = map.Target("response", required: true);
            if (!map.Has("when") && during is null)
            {
                reader.Error(item, path, "needs \"when\" (answers) or \"during\" (a calendar open when the case is opened), or both; otherwise it would always replace the severity's response");
                continue;
            }
            if (target is { Calendar: not null })
            {
                reader.Error(map.Optional("response")!, map.Path("response"),
                    "counts on the calendar of the severity's own response target; write a plain target such as 15m");
                continue;
            }
            if (when is null || target is null || response is null)
            {
                continue;
            }
            variants.Add(new ResponseVariant(when, during, target with { Calendar = response.Calendar }));
        }
        return variants;
    }
}
