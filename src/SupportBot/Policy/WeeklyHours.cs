using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;
using SupportBot.Core.Sla;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Policy;

/// <summary>
/// Weekly working hours: <c>{ mon-fri: "09:00-17:00", sat: ["10:00-12:00", "13:00-16:00"] }</c>.
/// Keys are days or forward ranges of days; each day may appear once; "24:00" may end a span.
/// </summary>
internal static partial class WeeklyHours
{
    private static readonly string[] DayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    public static Dictionary<IsoDayOfWeek, IReadOnlyList<WorkingPeriod>> Read(YamlReader reader, YamlNode node, string field)
    {
        var hours = new Dictionary<IsoDayOfWeek, IReadOnlyList<WorkingPeriod>>();
        if (node is not YamlMappingNode mapping)
        {
            reader.Error(node, field, $"expected a mapping of days to hours such as {{ mon-fri: \"09:00-17:00\" }}, got {YamlReader.Describe(node)}");
            return hours;
        }
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var path = YamlReader.Join(field, key);
            var days = Days(key);
            if (days is null)
            {
                reader.Error(keyNode, path, "is not a day or range of days (use mon..sun, or a range such as mon-fri)");
                continue;
            }
            var spans = Spans(reader, value, path);
            foreach (var day in days)
            {
                if (!hours.TryAdd(day, spans))
                {
                    reader.Error(keyNode, path, $"{DayNames[(int)day - 1]} already has hours; a day may appear once");
                }
            }
        }
        return hours;
    }

    private static IsoDayOfWeek[]? Days(string key)
    {
        var parts = key.ToLowerInvariant().Split('-', StringSplitOptions.TrimEntries);
        var first = Array.IndexOf(DayNames, parts[0]);
        var last = parts.Length == 2 ? Array.IndexOf(DayNames, parts[1]) : first;
        if (parts.Length > 2 || first < 0 || last < first)
        {
            return null;
        }
        return [.. Enumerable.Range(first + 1, last - first + 1).Select(d => (IsoDayOfWeek)d)];
    }

    private static List<WorkingPeriod> Spans(YamlReader reader, YamlNode value, string path)
    {
        var items = value is YamlSequenceNode ? reader.TextList(value, path) : reader.TextList(value, path, single: true);
        var spans = new List<WorkingPeriod>();
        foreach (var (text, node) in items)
        {
            if (Span(text) is not { } span)
            {
                reader.Error(node, path, $"\"{text}\" is not a span of hours (use \"HH:mm-HH:mm\", e.g. \"09:00-17:00\"; \"24:00\" may end a span)");
                continue;
            }
            if (spans.Any(s => Overlaps(s, span)))
            {
                reader.Error(node, path, $"\"{text}\" overlaps another span on the same day");
                continue;
            }
            spans.Add(span);
        }
        if (items.Count == 0 && value is YamlSequenceNode)
        {
            reader.Error(value, path, "needs at least one span of hours");
        }
        return [.. spans.OrderBy(s => s.Start)];
    }

    private static WorkingPeriod? Span(string text)
    {
        var match = SpanRegex().Match(text);
        if (!match.Success)
        {
            return null;
        }
        var start = TimePattern.Parse(match.Groups["start"].Value);
        var endText = match.Groups["end"].Value;
        if (!start.Success)
        {
            return null;
        }
        if (endText == "24:00")
        {
            return new WorkingPeriod(start.Value, LocalTime.Midnight, EndsAtMidnight: true);
        }
        var end = TimePattern.Parse(endText);
        return end.Success && end.Value > start.Value ? new WorkingPeriod(start.Value, end.Value) : null;
    }

    private static bool Overlaps(WorkingPeriod a, WorkingPeriod b) => a.Start.NanosecondOfDay < End(b) && b.Start.NanosecondOfDay < End(a);

    private static long End(WorkingPeriod p) => p.EndsAtMidnight ? NodaConstants.NanosecondsPerDay : p.End.NanosecondOfDay;

    [GeneratedRegex(@"^\s*(?<start>\d{2}:\d{2})\s*-\s*(?<end>\d{2}:\d{2})\s*$")]
    private static partial Regex SpanRegex();
}
