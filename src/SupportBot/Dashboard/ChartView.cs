using NodaTime;
using NodaTime.Text;
using SupportBot.Core.Policy;
using SupportBot.Core.Reports;
using SupportBot.Reports;

namespace SupportBot.Dashboard;

/// <summary>
/// The data of the dashboard's charts for a period: cases opened per week (weeks start on Monday in
/// the display zone, cut to the period so they add up to its total) by severity, the MTTR of each
/// week's resolved cases, and the period's top categories. The page draws them as SVG.
/// </summary>
public sealed record ChartView(
    IReadOnlyList<SeverityName> Severities, IReadOnlyList<WeekPoint> Weeks, IReadOnlyList<CategoryCount> TopCategories)
{
    public static async Task<ChartView> BuildAsync(MonthlyReports reports, SupportPolicy policy, ReportPeriod period, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(period);
        var weeks = new List<WeekPoint>();
        foreach (var week in WeeksOf(period))
        {
            var k = await reports.KpisAsync(week, ct);
            weeks.Add(new WeekPoint(
                LocalDatePattern.Iso.Format(week.Start.InZone(period.Zone).Date),
                [.. k.BySeverity.Select(s => s.Figures.Cases)],
                KpiView.Minutes(k.Total.TimeToResolve.Mean)));
        }
        var whole = await reports.KpisAsync(period, ct);
        return new(
            [.. policy.Severities.Select(s => new SeverityName(s.Id, s.Name))],
            weeks,
            [.. whole.TopCategories.Select(c => new CategoryCount(c.Id, c.Name, c.Figures.Cases))]);
    }

    /// <summary>The weeks that overlap the period, each cut to it.</summary>
    public static IEnumerable<ReportPeriod> WeeksOf(ReportPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        var zone = period.Zone;
        var monday = period.Start.InZone(zone).Date.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday));
        for (var start = monday.AtStartOfDayInZone(zone).ToInstant(); start < period.End; monday = monday.PlusWeeks(1), start = monday.AtStartOfDayInZone(zone).ToInstant())
        {
            var end = monday.PlusWeeks(1).AtStartOfDayInZone(zone).ToInstant();
            yield return new ReportPeriod(Instant.Max(start, period.Start), Instant.Min(end, period.End), zone);
        }
    }
}

public sealed record SeverityName(string Id, string Name);

/// <param name="Start">The first day of the week counted (the Monday, or the period's first day).</param>
/// <param name="Cases">Cases opened that week, per severity in the order of <see cref="ChartView.Severities"/>.</param>
/// <param name="MttrMinutes">Mean time to resolve of that week's cases resolved so far; null when none was.</param>
public sealed record WeekPoint(string Start, IReadOnlyList<int> Cases, double? MttrMinutes);

public sealed record CategoryCount(string Id, string Name, int Cases);
