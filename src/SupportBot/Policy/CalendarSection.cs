using NodaTime;
using SupportBot.Core.Sla;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Policy;

/// <summary><c>calendars:</c> a mapping of calendar id to <c>{ always: true }</c> or zone, hours and holidays.</summary>
internal static class CalendarSection
{
    public static Dictionary<string, WorkCalendar> Read(YamlReader reader, YamlNode node, string field)
    {
        var calendars = new Dictionary<string, WorkCalendar>(StringComparer.Ordinal);
        if (node is not YamlMappingNode mapping || mapping.Children.Count == 0)
        {
            reader.Error(node, field, "expected a mapping of calendar ids to calendars, such as { 24x7: { always: true } }");
            return calendars;
        }
        foreach (var (keyNode, value) in mapping.Children)
        {
            var id = (keyNode as YamlScalarNode)?.Value ?? "";
            var path = YamlReader.Join(field, id);
            // A duplicate key is already a YAML error; this catches ids that differ only by quoting.
            if (!reader.References.Declare(RefKind.Calendar, id))
            {
                reader.Error(keyNode, path, $"duplicate calendar id \"{id}\"");
                continue;
            }
            if (Calendar(reader, id, value, path) is { } calendar)
            {
                calendars[id] = calendar;
            }
        }
        return calendars;
    }

    private static WorkCalendar? Calendar(YamlReader reader, string id, YamlNode node, string field)
    {
        var map = reader.Map(node, field, "always", "zone", "hours", "holidays");
        if (map is null)
        {
            return null;
        }
        var always = map.Bool("always", false);
        var zone = map.Zone("zone", required: !always);
        var hours = new Dictionary<IsoDayOfWeek, IReadOnlyList<WorkingPeriod>>();
        if (always && map.Get("hours", false) is { } extra)
        {
            reader.Error(extra, map.Path("hours"), "an always-open calendar has no working hours; remove hours or always");
        }
        else if (!always && map.Get("hours", required: true) is { } hoursNode)
        {
            hours = WeeklyHours.Read(reader, hoursNode, map.Path("hours"));
            if (hours.Count == 0 && hoursNode is YamlMappingNode)
            {
                reader.Error(hoursNode, map.Path("hours"), "a calendar that is not always open needs working hours on at least one day");
            }
        }
        var holidays = new HashSet<LocalDate>();
        foreach (var (holiday, path) in map.List("holidays"))
        {
            if (reader.Date(holiday, path) is { } date)
            {
                holidays.Add(date);
            }
        }
        return zone is null && !always ? null : new WorkCalendar(id, zone ?? DateTimeZone.Utc, always, hours, holidays);
    }
}
