using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using SupportBot.Core.Sla;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Policy;

/// <summary>
/// The text forms of targets and durations in a policy: <c>15m</c>, <c>4h</c>, <c>3d</c>, <c>90s</c>,
/// <c>1h30m</c> (units may also be spelt out: "2 hours"), <c>7 working days</c> / <c>7 business days</c>,
/// and retention periods such as <c>12 months</c>. <c>m</c> is always minutes, never months.
/// </summary>
public static partial class TargetText
{
    public const string TargetHint = "(use e.g. 15m, 4h, 3d or \"7 working days\")";
    public const string DurationHint = "(use e.g. 30m, 2h, 1h30m or 14d)";
    public const string PeriodHint = "(use e.g. 90 days, 12 months or 2 years)";

    public static bool TryParseDuration(string text, out Duration duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = Duration.Zero;
        var match = DurationRegex().Match(text);
        if (!match.Success)
        {
            return false;
        }
        var amounts = match.Groups["n"].Captures;
        var units = match.Groups["u"].Captures;
        for (var i = 0; i < amounts.Count; i++)
        {
            // Ten years of seconds fits easily; anything longer is a typo, not a target.
            if (!long.TryParse(amounts[i].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 315_360_000)
            {
                return false;
            }
            duration += char.ToLowerInvariant(units[i].Value[0]) switch
            {
                'd' => Duration.FromDays(n),
                'h' => Duration.FromHours(n),
                'm' => Duration.FromMinutes(n),
                _ => Duration.FromSeconds(n),
            };
        }
        return true;
    }

    /// <summary>A duration, or a number of working days counted on <paramref name="calendar"/> (null: the severity's).</summary>
    public static bool TryParseTarget(string text, string? calendar, [NotNullWhen(true)] out SlaTarget? target)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var days = WorkingDaysRegex().Match(trimmed);
        if (days.Success)
        {
            target = int.TryParse(days.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? new SlaTarget(Duration.Zero, n, calendar, n == 1 ? "1 working day" : $"{n} working days")
                : null;
            return target is not null;
        }
        // Cards read the target in words ("15 minutes"), whatever shorthand the policy used.
        target = TryParseDuration(trimmed, out var amount) ? SlaTarget.Of(amount, calendar) : null;
        return target is not null;
    }

    public static bool TryParsePeriod(string text, out Period period)
    {
        ArgumentNullException.ThrowIfNull(text);
        period = Period.Zero;
        var match = PeriodRegex().Match(text);
        if (!match.Success || !int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }
        period = char.ToLowerInvariant(match.Groups["u"].Value[0]) switch
        {
            'd' => Period.FromDays(n),
            'm' => Period.FromMonths(n),
            _ => Period.FromYears(n),
        };
        return true;
    }

    /// <summary>Reads a target in text form or as <c>{target: 4h, calendar: business}</c>.</summary>
    internal static SlaTarget? Read(YamlReader reader, YamlNode node, string field, bool allowZero = false)
    {
        string? calendar = null;
        var valueNode = node;
        if (node is YamlMappingNode)
        {
            var map = reader.Map(node, field, "target", "calendar");
            calendar = map?.Ref(RefKind.Calendar, "calendar");
            valueNode = map?.Get("target", required: true);
            field = YamlReader.Join(field, "target");
            if (valueNode is null)
            {
                return null;
            }
        }
        var text = reader.Text(valueNode, field);
        if (text is null)
        {
            return null;
        }
        if (!TryParseTarget(text, calendar, out var target))
        {
            reader.Error(valueNode, field, $"\"{text}\" is not a duration {TargetHint}");
            return null;
        }
        if (!allowZero && target.Amount == Duration.Zero && target.WorkingDays == 0)
        {
            reader.Error(valueNode, field, $"\"{text}\" must be longer than zero");
            return null;
        }
        return target;
    }

    internal static Duration? ReadDuration(YamlReader reader, YamlNode node, string field, bool allowZero = false)
    {
        var text = reader.Text(node, field);
        if (text is null)
        {
            return null;
        }
        if (!TryParseDuration(text, out var duration))
        {
            var hint = WorkingDaysRegex().IsMatch(text.Trim()) ? "working days need a calendar and are not allowed here " : "";
            reader.Error(node, field, $"\"{text}\" is not a duration ({hint}use e.g. 30m, 2h, 1h30m or 14d)");
            return null;
        }
        if (!allowZero && duration == Duration.Zero)
        {
            reader.Error(node, field, $"\"{text}\" must be longer than zero");
            return null;
        }
        return duration;
    }

    internal static Period? ReadPeriod(YamlReader reader, YamlNode node, string field)
    {
        var text = reader.Text(node, field);
        if (text is null)
        {
            return null;
        }
        if (TryParsePeriod(text, out var period) && period != Period.Zero)
        {
            return period;
        }
        reader.Error(node, field, $"\"{text}\" is not a period {PeriodHint}");
        return null;
    }

    [GeneratedRegex(@"^\s*(?:(?<n>\d+)\s*(?<u>d|days?|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)\s*)+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DurationRegex();

    [GeneratedRegex(@"^(?<n>\d{1,4})\s+(?:working|business)\s+days?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WorkingDaysRegex();

    [GeneratedRegex(@"^\s*(?<n>\d{1,4})\s*(?<u>days?|months?|years?)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PeriodRegex();
}
