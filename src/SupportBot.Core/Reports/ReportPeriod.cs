using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace SupportBot.Core.Reports;

/// <summary>
/// The cases a report counts: those opened in [<see cref="Start"/>, <see cref="End"/>). A month runs
/// from midnight on its first day to midnight on the next month's first day, in the zone given.
/// </summary>
public sealed record ReportPeriod(Instant Start, Instant End, DateTimeZone Zone)
{
    private static readonly YearMonthPattern MonthPattern = YearMonthPattern.CreateWithInvariantCulture("uuuu-MM");

    public static ReportPeriod Month(YearMonth month, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return new(month.OnDayOfMonth(1).AtStartOfDayInZone(zone).ToInstant(),
            month.PlusMonths(1).OnDayOfMonth(1).AtStartOfDayInZone(zone).ToInstant(), zone);
    }

    public bool Contains(Instant t) => t >= Start && t < End;

    /// <summary>The month as <c>YYYY-MM</c>, the form the command line and the exports use.</summary>
    public static string MonthId(YearMonth month) => MonthPattern.Format(month);

    /// <summary>"March 2026".</summary>
    public static string MonthName(YearMonth month) => month.ToString("MMMM uuuu", CultureInfo.InvariantCulture);

    /// <summary>Parses <c>YYYY-MM</c> (a real month: 2026-13 is refused).</summary>
    public static bool TryParseMonth(string? text, out YearMonth month)
    {
        var result = MonthPattern.Parse(text ?? "");
        month = result.Success ? result.Value : default;
        return result.Success;
    }
}
