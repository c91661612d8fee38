using NodaTime;
using SupportBot.Core;
using SupportBot.Core.Policy;
using SupportBot.Core.Reports;

namespace SupportBot.Reports;

/// <summary>
/// Builds reports from the store, as of now: what the dashboard, the HTTP export and the scheduled
/// post call. Render one with <see cref="ExportFormats.Render"/> (text, CSV, JSON).
/// </summary>
public sealed class MonthlyReports(ReportCases cases, SupportPolicy policy, TimeProvider time)
{
    public async Task<MonthlyReport> BuildAsync(YearMonth month, CancellationToken ct)
    {
        var period = ReportPeriod.Month(month, policy.DisplayZone);
        return MonthlyReport.Build(policy, month, await cases.OpenedInAsync(period, ct), time.GetCurrentInstant());
    }

    /// <summary>The KPIs of any period (a week for a chart, this month so far for the tiles).</summary>
    public async Task<Kpis> KpisAsync(ReportPeriod period, CancellationToken ct) =>
        KpiCalculator.Compute(policy, await cases.OpenedInAsync(period, ct), period, time.GetCurrentInstant());
}
