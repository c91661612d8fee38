using NodaTime;
using SupportBot.Core.Escalation;
using SupportBot.Core.Sla;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Policy;

/// <summary><c>escalation:</c> ladders of levels, each paging a role when its trigger fires.</summary>
internal static class EscalationSection
{
    /// <summary>What DESIGN §5 says a manual escalation request must state in writing.</summary>
    public static readonly IReadOnlyList<string> RequirableFields = ["description", "progress", "impact", "reason"];

    public const string DefaultRefusal = "This case cannot be escalated yet; the team is working on it and will post an update.";

    public static readonly Duration DefaultAckTimeout = Duration.FromMinutes(15);

    private static readonly string[] TriggerKeys = ["elapsed", "response_breach", "resolution_breach", "manual"];

    /// <summary>Besides its one trigger key, an elapsed trigger may say it counts on the wall clock.</summary>
    private const string WallClockKey = "wall_clock";

    public static List<EscalationLadder> Read(YamlReader reader, YamlNode node, string field, IReadOnlyList<Core.Policy.SeverityLevel> severityLevels)
    {
        var ladders = new List<EscalationLadder>();
        var ladderIds = new HashSet<string>(StringComparer.Ordinal);
        // A severity on two ladders would make the engine guess which one applies.
        var ladderOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (item, path) in reader.List(node, field))
        {
            var map = reader.Map(item, path, "id", "severities", "manual", "levels");
            if (map is null)
            {
                continue;
            }
            var id = map.Text("id", required: true);
            if (id is not null && !ladderIds.Add(id))
            {
                reader.Error(map.Optional("id")!, map.Path("id"), $"duplicate ladder id \"{id}\"");
            }
            var severitiesNode = map.Get("severities", required: true);
            var severities = severitiesNode is null ? [] : reader.TextList(severitiesNode, map.Path("severities"));
            foreach (var (severity, severityNode) in severities)
            {
                reader.References.Use(RefKind.Severity, severity, severityNode, map.Path("severities"));
                if (severityLevels.FirstOrDefault(s => s.Id == severity) is { Pages: false })
                {
                    reader.Error(severityNode, map.Path("severities"), $"\"{severity}\" does not page: set pages: true on it, or leave it off the ladder");
                }
                if (!ladderOf.TryAdd(severity, id ?? "?"))
                {
                    reader.Error(severityNode, map.Path("severities"), $"\"{severity}\" is already on ladder \"{ladderOf[severity]}\"; a severity may be on one ladder");
                }
            }
            var manual = map.Map("manual", false, "allowed", "not_before", "refusal", "require") is { } m
                ? Manual(reader, m)
                : new ManualEscalation(true, null, DefaultRefusal, RequirableFields);
            var levels = Levels(reader, map);
            ResolutionTarget.CheckBreachLevels(reader, map.Path("severities"), severities, severityLevels, levels);
            if (id is not null && severities.Count > 0 && manual is not null && levels is not null)
            {
                ladders.Add(new EscalationLadder(id, [.. severities.Select(s => s.Value)], levels, manual));
            }
        }
        return ladders;
    }

    private static List<LadderLevel>? Levels(YamlReader reader, YamlMap ladder)
    {
        var items = ladder.List("levels", required: true);
        if (items.Count == 0)
        {
            if (ladder.Optional("levels") is YamlSequenceNode empty)
            {
                reader.Error(empty, ladder.Path("levels"), "needs at least one level");
            }
            return null;
        }
        var levels = new List<LadderLevel>();
        foreach (var (item, path) in items)
        {
            var map = reader.Map(item, path, "name", "trigger", "role", "ack_timeout", "repeats");
            if (map is null)
            {
                continue;
            }
            var name = map.Text("name", required: true);
            var trigger = map.Map("trigger", true, [.. TriggerKeys, WallClockKey]) is { } t ? Trigger(reader, t) : null;
            var role = map.Ref(RefKind.Role, "role", required: true);
            var ackTimeout = map.Duration("ack_timeout", DefaultAckTimeout);
            var repeats = map.Int("repeats") ?? 0;
            if (repeats is < 0 or > 10)
            {
                reader.Error(map.Optional("repeats")!, map.Path("repeats"), "must be between 0 and 10");
            }
            if (name is not null && trigger is not null && role is not null && ackTimeout is not null)
            {
                levels.Add(new LadderLevel(levels.Count + 1, name, trigger, role, ackTimeout.Value, repeats));
            }
        }
        return levels.Count == items.Count ? levels : null;
    }

    private static LadderTrigger? Trigger(YamlReader reader, YamlMap map)
    {
        var present = TriggerKeys.Where(map.Has).ToList();
        if (present.Count != 1)
        {
            reader.Error(map.Node, map.Field, $"needs exactly one of {string.Join(", ", TriggerKeys)}, e.g. {{ elapsed: 30m }} or {{ response_breach: true }}");
            return null;
        }
        var key = present[0];
        var wallClock = map.Bool(WallClockKey, false);
        if (map.Has(WallClockKey) && key != "elapsed")
        {
            reader.Error(map.Optional(WallClockKey)!, map.Path(WallClockKey), "only an elapsed trigger can count on the wall clock");
        }
        if (key == "elapsed")
        {
            return map.Target("elapsed") is { } after ? new LadderTrigger(TriggerKind.Elapsed, after, wallClock) : null;
        }
        var on = reader.Bool(map.Optional(key)!, map.Path(key));
        if (on is not true)
        {
            if (on is false)
            {
                reader.Error(map.Optional(key)!, map.Path(key), "must be true (leave the level out instead)");
            }
            return null;
        }
        var kind = key switch
        {
            "response_breach" => TriggerKind.ResponseBreach,
            "resolution_breach" => TriggerKind.ResolutionBreach,
            _ => TriggerKind.Manual,
        };
        return new LadderTrigger(kind, null);
    }

    private static ManualEscalation? Manual(YamlReader reader, YamlMap map)
    {
        var allowed = map.Bool("allowed", true);
        SlaTarget? notBefore = map.Get("not_before", false) is { } n ? TargetText.Read(reader, n, map.Path("not_before"), allowZero: true) : null;
        var refusal = map.Text("refusal") ?? DefaultRefusal;
        var require = map.Get("require", false) is { } r ? reader.TextList(r, map.Path("require")) : null;
        foreach (var (value, node) in require ?? [])
        {
            if (!RequirableFields.Contains(value, StringComparer.Ordinal))
            {
                reader.Error(node, map.Path("require"), $"\"{value}\" cannot be required (fields: {string.Join(", ", RequirableFields)})");
            }
        }
        return new ManualEscalation(allowed, notBefore, refusal, require is null ? RequirableFields : [.. require.Select(v => v.Value)]);
    }
}
