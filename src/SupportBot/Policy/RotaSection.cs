using NodaTime;
using NodaTime.Text;
using SupportBot.Core.OnCall;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Policy;

/// <summary>One entry of <c>contacts.rotas:</c> a weekly on-call rotation with overrides.</summary>
internal static class RotaSection
{
    private static readonly LocalDateTimePattern DateTimePattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");

    private static readonly Dictionary<string, IsoDayOfWeek> Days = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mon"] = IsoDayOfWeek.Monday,
        ["tue"] = IsoDayOfWeek.Tuesday,
        ["wed"] = IsoDayOfWeek.Wednesday,
        ["thu"] = IsoDayOfWeek.Thursday,
        ["fri"] = IsoDayOfWeek.Friday,
        ["sat"] = IsoDayOfWeek.Saturday,
        ["sun"] = IsoDayOfWeek.Sunday,
    };

    public static Rota? Read(YamlReader reader, YamlNode node, string field)
    {
        var map = reader.Map(node, field, "id", "zone", "handoff", "starts_on", "members", "overrides");
        if (map is null)
        {
            return null;
        }
        var id = map.Id(RefKind.Rota);
        var zone = map.Zone("zone", required: true);
        var handoff = map.Map("handoff", true, "day", "time");
        var dayText = handoff?.Text("day", required: true);
        IsoDayOfWeek? day = dayText is not null && Days.TryGetValue(dayText, out var d) ? d : null;
        if (dayText is not null && day is null)
        {
            reader.Error(handoff!.Optional("day")!, handoff.Path("day"), $"\"{dayText}\" is not a day (use mon..sun)");
        }
        var time = handoff?.Time("time", required: true);
        var startsOn = map.Date("starts_on", required: true);
        // The first hand-off is at starts_on + time; on another weekday the weeks would be ambiguous.
        if (startsOn is { } start && day is { } handoffDay && start.DayOfWeek != handoffDay)
        {
            reader.Error(map.Optional("starts_on")!, map.Path("starts_on"), $"{LocalDatePattern.Iso.Format(start)} is a {start.DayOfWeek}, but the hand-off day is {handoffDay}");
        }
        // A rota may have no standing members and be made of overrides (shifts) only; `policy check` reports the times none covers.
        var members = ContactsSection.Members(reader, map, allowEmpty: true);
        var overrides = new List<RotaOverride>();
        foreach (var (item, path) in map.List("overrides"))
        {
            if (Override(reader, item, path) is { } o)
            {
                overrides.Add(o);
            }
        }
        if (id is null || zone is null || day is null || time is null || startsOn is null)
        {
            return null;
        }
        return new Rota(id, zone, day.Value, time.Value, startsOn.Value, [.. members.Select(m => m.Value)], overrides);
    }

    private static RotaOverride? Override(YamlReader reader, YamlNode node, string field)
    {
        var map = reader.Map(node, field, "person", "from", "to");
        if (map is null)
        {
            return null;
        }
        var person = map.Ref(RefKind.Person, "person", required: true);
        var from = DateTime(map, "from");
        var to = DateTime(map, "to");
        if (from is not null && to is not null && to <= from)
        {
            reader.Error(map.Optional("to")!, map.Path("to"), "must be after from");
            return null;
        }
        return person is null || from is null || to is null ? null : new RotaOverride(person, from.Value, to.Value);
    }

    private static LocalDateTime? DateTime(YamlMap map, string key)
    {
        var text = map.Text(key, required: true);
        if (text is null)
        {
            return null;
        }
        var result = DateTimePattern.Parse(text);
        if (!result.Success)
        {
            map.Reader.Error(map.Optional(key)!, map.Path(key), $"\"{text}\" is not a local date and time (use YYYY-MM-DDTHH:mm, e.g. 2026-12-24T09:00)");
            return null;
        }
        return result.Value;
    }
}
