using System.Globalization;
using System.Text;
using SupportBot.Core.Engine;

namespace SupportBot.Core.Reports;

/// <summary>The report as plain text for the command line: targets, totals, the per-severity table, volumes, pages, credits and breaches.</summary>
public static class ReportText
{
    public static string Write(MonthlyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var k = report.Kpis;
        var zone = k.Period.Zone;
        var t = new StringBuilder();
        t.AppendLine(CultureInfo.InvariantCulture, $"SLA report for {report.MonthName} ({report.PolicyTitle})");
        t.AppendLine(CultureInfo.InvariantCulture, $"Cases opened from {Display.Time(k.Period.Start, zone)} to {Display.Time(k.Period.End, zone)}, as of {Display.Time(k.AsOf, zone)}.");
        t.AppendLine();
        if (report.Targets.Count > 0 || report.UnmeasuredNps is not null)
        {
            t.AppendLine("Targets (all severities)");
            foreach (var check in report.Targets)
            {
                var (actual, target) = ReportFormat.Of(check);
                t.AppendLine(CultureInfo.InvariantCulture, $"  {check.Name,-26} {actual,-12} target {target,-10} {ReportFormat.Met(check.Met)}");
            }
            if (report.UnmeasuredNps is { } nps)
            {
                t.AppendLine(CultureInfo.InvariantCulture, $"  NPS target {nps.Low} to {nps.High}: not measured (reporters rate the help from 1 to 5).");
            }
            t.AppendLine();
        }
        var f = k.Total;
        t.AppendLine(CultureInfo.InvariantCulture, $"All cases: {f.Cases} opened, {f.Breached} breached a target.");
        if (k.NotMeasured.Count > 0)
        {
            t.AppendLine(CultureInfo.InvariantCulture, $"  Not counted: {ReportCard.NotMeasured(k)}.");
        }
        t.AppendLine(CultureInfo.InvariantCulture, $"  First response     median {ReportFormat.Span(f.FirstResponse.Median)}, p90 {ReportFormat.Span(f.FirstResponse.P90)} ({f.FirstResponse.Count} responded)");
        t.AppendLine(CultureInfo.InvariantCulture, $"  Time to resolve    mean (MTTR) {ReportFormat.Span(f.TimeToResolve.Mean)}, median {ReportFormat.Span(f.TimeToResolve.Median)}, p90 {ReportFormat.Span(f.TimeToResolve.P90)} ({f.TimeToResolve.Count} resolved)");
        t.AppendLine(CultureInfo.InvariantCulture, $"  Response SLA       {ReportFormat.Attained(f.Response)}");
        t.AppendLine(CultureInfo.InvariantCulture, $"  Resolution SLA     {ReportFormat.Attained(f.Resolution)}");
        t.AppendLine(CultureInfo.InvariantCulture, $"  First contact      {ReportFormat.Percent(f.FirstContactResolution.Rate)} ({f.FirstContactResolution.Count} of {f.FirstContactResolution.Of} resolved)");
        t.AppendLine(CultureInfo.InvariantCulture, $"  CSAT               {ReportFormat.Score(f.Csat.Average)} ({f.Csat.Count} rated)");
        t.AppendLine(CultureInfo.InvariantCulture, $"  Pages              {f.Pages.Sent} sent, {f.Pages.Acknowledged} acknowledged; time to acknowledge median {ReportFormat.Span(f.Pages.AckTime.Median)}, p90 {ReportFormat.Span(f.Pages.AckTime.P90)}");
        t.AppendLine();
        t.AppendLine(CultureInfo.InvariantCulture, $"  {"Severity",-14} {"Cases",5}  {"Response SLA",-16} {"Resolution SLA",-16} {"FR median",-11} {"FR p90",-11} {"MTTR",-11} Breached");
        foreach (var s in k.BySeverity)
        {
            var g = s.Figures;
            t.AppendLine(CultureInfo.InvariantCulture, $"  {s.Name,-14} {g.Cases,5}  {ReportFormat.Attained(g.Response),-16} {ReportFormat.Attained(g.Resolution),-16} "
                + $"{ReportFormat.Span(g.FirstResponse.Median),-11} {ReportFormat.Span(g.FirstResponse.P90),-11} {ReportFormat.Span(g.TimeToResolve.Mean),-11} {g.Breached}");
        }
        t.AppendLine();
        Volumes(t, $"Top {Kpis.TopCategoryCount} categories", k.TopCategories);
        Volumes(t, "Regions", k.ByRegion);
        t.AppendLine(k.Credits.Count == 0 ? "SLA credits due: none." : "SLA credits due:");
        foreach (var c in k.Credits)
        {
            var end = c.Ongoing ? "still open" : $"until {Display.Time(c.OutageEnd, zone)}";
            t.AppendLine(CultureInfo.InvariantCulture, $"  {c.CaseNumber}  {c.Customer ?? "(no customer named)"}  {ReportNumbers.Text(c.Percent)}% of the monthly fee  "
                + $"{report.SeverityName(c.SeverityId)} from {Display.Time(c.OpenedAt, zone)} {end}");
        }
        t.AppendLine(k.Breaches.Count == 0 ? "Breached cases: none." : "Breached cases:");
        foreach (var b in k.Breaches)
        {
            t.AppendLine(CultureInfo.InvariantCulture, $"  {b.Case.Number}  {report.SeverityName(b.Case.SeverityId)}  {b.Case.Title}: {ReportCard.Breach(b, zone)}");
        }
        return t.ToString();
    }

    private static void Volumes(StringBuilder t, string title, IReadOnlyList<GroupFigures> groups)
    {
        t.AppendLine(groups.Count == 0 ? $"{title}: none." : $"{title}:");
        foreach (var g in groups)
        {
            t.AppendLine(CultureInfo.InvariantCulture, $"  {g.Name,-30} {g.Figures.Cases,5}");
        }
    }
}
