using System.Globalization;
using NodaTime;

namespace SupportBot.Core.Reports;

/// <summary>How figures read in the text report and on the card: "42 min", "3 h 10 min", "80% (4 of 5)".</summary>
public static class ReportFormat
{
    /// <summary>To the nearest minute; under a minute in seconds.</summary>
    public static string Span(Duration d)
    {
        if (d < Duration.FromMinutes(1))
        {
            return $"{(long)Math.Round(d.TotalSeconds)} s";
        }
        var minutes = (long)Math.Round(d.TotalMinutes, MidpointRounding.AwayFromZero);
        if (minutes < 60)
        {
            return $"{minutes} min";
        }
        var hours = minutes / 60;
        if (hours < 48)
        {
            return minutes % 60 == 0 ? $"{hours} h" : $"{hours} h {minutes % 60} min";
        }
        return hours % 24 == 0 ? $"{hours / 24} d" : $"{hours / 24} d {hours % 24} h";
    }

    public static string Span(Duration? d) => d is { } v ? Span(v) : "-";

    public static string Percent(double? fraction) =>
        fraction is { } f ? (f * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "-";

    public static string Attained(Attainment a) => a.Due == 0 ? "-" : $"{Percent(a.Rate)} ({a.Met} of {a.Due})";

    public static string Score(double? s) => s is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "-";

    public static string Met(bool? met) => met switch { true => "met", false => "missed", null => "nothing to measure" };

    /// <summary>A target's actual figure and its target, in the target's unit.</summary>
    public static (string Actual, string Target) Of(TargetCheck t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return t.Unit switch
        {
            TargetCheck.Minutes => (t.Actual is { } a ? Span(Duration.FromMinutes(a)) : "-", Span(Duration.FromMinutes(t.Target))),
            TargetCheck.Fraction => (Percent(t.Actual), Percent(t.Target)),
            _ => (Score(t.Actual), Score(t.Target)),
        };
    }
}
