using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace SupportBot.Core.Engine;

/// <summary>How times and durations read on cards: local time in a zone, and "45 min left" / "2 h 5 min overdue".</summary>
public static class Display
{
    private static readonly LocalDateTimePattern When = LocalDateTimePattern.CreateWithInvariantCulture("ddd d MMM HH:mm");

    public static string Time(Instant at, DateTimeZone zone)
    {
        var local = at.InZone(zone);
        return $"{When.Format(local.LocalDateTime)} {ZoneLabel(local)}";
    }

    public static string Left(Instant due, Instant now) =>
        due >= now ? $"{Span(due - now)} left" : $"{Span(now - due)} overdue";

    public static string Span(Duration d)
    {
        var minutes = (long)Math.Ceiling(d.TotalMinutes);
        if (minutes < 60)
        {
            return $"{minutes} min";
        }
        var hours = minutes / 60;
        if (hours < 48)
        {
            return minutes % 60 == 0 ? $"{hours} h" : $"{hours} h {minutes % 60} min";
        }
        var days = hours / 24;
        return hours % 24 == 0 ? $"{days} d" : $"{days} d {hours % 24} h";
    }

    private static string ZoneLabel(ZonedDateTime local)
    {
        var abbreviation = local.GetZoneInterval().Name;
        // Tzdb gives "+0530"-style names for zones without an abbreviation; show those as UTC offsets.
        return abbreviation.Length > 0 && char.IsLetter(abbreviation[0])
            ? abbreviation
            : "UTC" + local.Offset.ToString("m", CultureInfo.InvariantCulture);
    }
}
