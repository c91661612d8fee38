using NodaTime;
using SupportBot.Core.Policy;
using SupportBot.Core.Sla;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Policy;

/// <summary><c>reminders:</c>, <c>reports:</c> and <c>retention:</c>; each optional, with the defaults documented in docs/policy-format.md.</summary>
internal static class SettingsSection
{
    public static readonly ReminderSettings DefaultReminders = new(
        [0.5, 0.8, 1.0],
        AutoCloseResolvedAfter: Duration.FromDays(5),
        AutoCloseWaitingAfter: Duration.FromDays(14),
        CsatFollowUpAfter: Duration.FromDays(1),
        DuplicateWindow: Duration.FromHours(2),
        PostmortemAfter: Duration.FromDays(14));

    public static readonly ReportSettings DefaultReports = new(new KpiTargets(null, null, null, null, null, null), null);

    public static readonly RetentionSettings DefaultRetention = new(Period.FromMonths(12));

    public static ReminderSettings Reminders(YamlReader reader, YamlNode node, string field)
    {
        var map = reader.Map(node, field, "response_fractions", "auto_close_resolved_after", "auto_close_waiting_after",
            "csat_follow_up_after", "duplicate_window", "postmortem_after", "snooze_max");
        if (map is null)
        {
            return DefaultReminders;
        }
        var d = DefaultReminders;
        var fractions = new List<double>();
        foreach (var (item, path) in map.List("response_fractions"))
        {
            if (reader.Number(item, path) is not { } fraction)
            {
                continue;
            }
            if (fraction is <= 0 or > 1)
            {
                reader.Error(item, path, $"{reader.Text(item, path)} is not a fraction in (0, 1]; 0.5 means half the response target");
                continue;
            }
            fractions.Add(fraction);
        }
        return new ReminderSettings(
            map.Has("response_fractions") ? [.. fractions.Order()] : d.ResponseFractions,
            map.Duration("auto_close_resolved_after", d.AutoCloseResolvedAfter) ?? d.AutoCloseResolvedAfter,
            map.Duration("auto_close_waiting_after", d.AutoCloseWaitingAfter) ?? d.AutoCloseWaitingAfter,
            map.Duration("csat_follow_up_after", d.CsatFollowUpAfter) ?? d.CsatFollowUpAfter,
            map.Duration("duplicate_window", d.DuplicateWindow) ?? d.DuplicateWindow,
            map.Duration("postmortem_after", d.PostmortemAfter) ?? d.PostmortemAfter)
        {
            SnoozeMax = map.Duration("snooze_max", d.SnoozeMax) ?? d.SnoozeMax,
        };
    }

    public static ReportSettings Reports(YamlReader reader, YamlNode node, string field)
    {
        var map = reader.Map(node, field, "targets", "sla_credit");
        if (map is null)
        {
            return DefaultReports;
        }
        var targets = map.Map("targets", false, "first_response", "mttr", "first_contact_resolution", "csat", "nps") is { } t
            ? Targets(reader, t)
            : DefaultReports.Targets;
        var credit = map.Map("sla_credit", false, "percent", "outage_longer_than", "calendar", "severities") is { } c
            ? Credit(reader, c)
            : null;
        return new ReportSettings(targets, credit);
    }

    public static RetentionSettings Retention(YamlReader reader, YamlNode node, string field)
    {
        var map = reader.Map(node, field, "closed_cases");
        var period = map?.Get("closed_cases", false) is { } n ? TargetText.ReadPeriod(reader, n, map.Path("closed_cases")) : null;
        return period is null ? DefaultRetention : new RetentionSettings(period);
    }

    private static KpiTargets Targets(YamlReader reader, YamlMap map)
    {
        var fcr = InRange(map, "first_contact_resolution", 0, 1, "a fraction in (0, 1], e.g. 0.75");
        var csat = InRange(map, "csat", 1, 5, "an average score from 1 to 5, e.g. 4.5");
        int? low = null, high = null;
        if (map.Get("nps", false) is { } npsNode)
        {
            var nps = reader.List(npsNode, map.Path("nps")).Select(i => reader.Int(i.Node, i.Field)).ToList();
            if (nps.Count != 2 || nps.Any(n => n is null or < -100 or > 100) || nps[0] > nps[1])
            {
                reader.Error(npsNode, map.Path("nps"), "expected [low, high] with -100 <= low <= high <= 100, e.g. [20, 40]");
            }
            else
            {
                (low, high) = (nps[0], nps[1]);
            }
        }
        return new KpiTargets(map.Duration("first_response"), map.Duration("mttr"), fcr, csat, low, high);
    }

    private static double? InRange(YamlMap map, string key, double above, double max, string expected)
    {
        var value = map.Number(key);
        if (value is { } v && (v <= above || v > max))
        {
            map.Reader.Error(map.Optional(key)!, map.Path(key), $"{map.Text(key)} is not {expected}");
            return null;
        }
        return value;
    }

    private static SlaCreditRule? Credit(YamlReader reader, YamlMap map)
    {
        var percent = map.Get("percent", required: true) is null ? null : InRange(map, "percent", 0, 100, "a percentage in (0, 100], e.g. 5");
        var target = map.Target("outage_longer_than", required: true);
        var calendar = map.Ref(RefKind.Calendar, "calendar");
        if (target is not null && calendar is not null)
        {
            if (target.Calendar is not null)
            {
                reader.Error(map.Optional("calendar")!, map.Path("calendar"), "the calendar is already given in outage_longer_than");
            }
            target = target with { Calendar = calendar };
        }
        else if (target is { IsWorkingDays: true, Calendar: null })
        {
            reader.Error(map.Optional("outage_longer_than")!, map.Path("outage_longer_than"), "working days need a calendar: add calendar: <id>");
        }
        var severitiesNode = map.Get("severities", required: true);
        var severities = severitiesNode is null ? [] : reader.TextList(severitiesNode, map.Path("severities"));
        foreach (var (severity, node) in severities)
        {
            reader.References.Use(RefKind.Severity, severity, node, map.Path("severities"));
        }
        return percent is null || target is null || severities.Count == 0
            ? null
            : new SlaCreditRule(percent.Value, target, [.. severities.Select(s => s.Value)]);
    }
}
