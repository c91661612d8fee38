using System.Globalization;
using NodaTime;
using NodaTime.Text;
using SupportBot.Core.Reports;

namespace SupportBot.Dashboard;

/// <summary>
/// The period the dashboard shows, from the query string: <c>month=YYYY-MM</c>, or
/// <c>from=YYYY-MM-DD&amp;to=YYYY-MM-DD</c> (whole days in the policy's display zone, both included),
/// or this month when neither is given.
/// </summary>
public static class DashboardPeriod
{
    /// <summary>Longer periods would make the weekly charts unreadable and the page slow.</summary>
    public const int MaxDays = 366;

    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;

    public static (ReportPeriod? Period, string? Error) Parse(string? month, string? from, string? to, DateTimeZone zone, Instant now)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var hasMonth = !string.IsNullOrEmpty(month);
        var hasRange = !string.IsNullOrEmpty(from) || !string.IsNullOrEmpty(to);
        if (hasMonth && hasRange)
        {
            return (null, "Give either month=YYYY-MM or from=YYYY-MM-DD&to=YYYY-MM-DD, not both.");
        }
        if (hasMonth)
        {
            return ReportPeriod.TryParseMonth(month, out var m)
                ? (ReportPeriod.Month(m, zone), null)
                : (null, $"'{month}' is not a month: give month=YYYY-MM, e.g. month=2026-03.");
        }
        if (!hasRange)
        {
            var today = now.InZone(zone).Date;
            return (ReportPeriod.Month(new YearMonth(today.Year, today.Month), zone), null);
        }
        if (!TryDate(from, out var start) || !TryDate(to, out var end))
        {
            return (null, "Give both from and to as dates, YYYY-MM-DD (e.g. from=2026-03-01&to=2026-03-31).");
        }
        if (end < start)
        {
            return (null, $"The period ends ({DatePattern.Format(end)}) before it starts ({DatePattern.Format(start)}).");
        }
        if (Period.Between(start, end, PeriodUnits.Days).Days >= MaxDays)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"The period is longer than {MaxDays} days: choose a shorter one."));
        }
        return (new ReportPeriod(start.AtStartOfDayInZone(zone).ToInstant(), end.PlusDays(1).AtStartOfDayInZone(zone).ToInstant(), zone), null);
    }

    private static bool TryDate(string? text, out LocalDate date)
    {
        var result = DatePattern.Parse(text ?? "");
        date = result.Success ? result.Value : default;
        return result.Success;
    }
}
