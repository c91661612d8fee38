using System.Text;

namespace SupportBot.Core.Reports;

/// <summary>
/// The report as files: CSV for spreadsheets (one header row, then one row for all cases and one per
/// severity, category and region) and JSON for scripts (everything, see <see cref="ReportJson"/>).
/// Durations are minutes, rates fractions from 0 to 1, empty when there was nothing to measure.
/// </summary>
public static class ReportExport
{
    public static readonly string[] CsvColumns =
    [
        "month", "group", "id", "name", "cases",
        "first_response_median_min", "first_response_p90_min", "mttr_min", "resolve_median_min", "resolve_p90_min",
        "response_met", "response_due", "response_rate", "resolution_met", "resolution_due", "resolution_rate",
        "first_contact_resolved", "resolved", "first_contact_rate", "csat_average", "csat_count",
        "pages", "pages_acknowledged", "ack_median_min", "ack_p90_min", "breached", "credits", "credit_percent",
    ];

    public const string AllGroup = "all";

    public static string Csv(MonthlyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        Row(csv, CsvColumns);
        var k = report.Kpis;
        var rows = new[] { new GroupFigures(AllGroup, "", "All cases", k.Total) }.Concat(k.BySeverity).Concat(k.ByCategory).Concat(k.ByRegion);
        foreach (var g in rows)
        {
            var f = g.Figures;
            Row(csv,
            [
                report.MonthId, g.Group, Cell(g.Id), Cell(g.Name), ReportNumbers.Text(f.Cases),
                Minutes(f.FirstResponse.Median), Minutes(f.FirstResponse.P90), Minutes(f.TimeToResolve.Mean),
                Minutes(f.TimeToResolve.Median), Minutes(f.TimeToResolve.P90),
                ReportNumbers.Text(f.Response.Met), ReportNumbers.Text(f.Response.Due), Fraction(f.Response.Rate),
                ReportNumbers.Text(f.Resolution.Met), ReportNumbers.Text(f.Resolution.Due), Fraction(f.Resolution.Rate),
                ReportNumbers.Text(f.FirstContactResolution.Count), ReportNumbers.Text(f.FirstContactResolution.Of), Fraction(f.FirstContactResolution.Rate),
                ReportNumbers.Text(ReportNumbers.Round(f.Csat.Average, 2)), ReportNumbers.Text(f.Csat.Count),
                ReportNumbers.Text(f.Pages.Sent), ReportNumbers.Text(f.Pages.Acknowledged), Minutes(f.Pages.AckTime.Median), Minutes(f.Pages.AckTime.P90),
                ReportNumbers.Text(f.Breached), ReportNumbers.Text(f.Credits), ReportNumbers.Text(f.CreditPercent),
            ]);
        }
        return csv.ToString();
    }

    public static string Json(MonthlyReport report) => ReportJson.Write(report);

    private static string Minutes(NodaTime.Duration? d) => ReportNumbers.Text(ReportNumbers.Minutes(d));

    private static string Fraction(double? f) => ReportNumbers.Text(ReportNumbers.Fraction(f));

    /// <summary>A text cell a spreadsheet must not run as a formula (=, +, -, @ start one), so such text gets a leading apostrophe.</summary>
    private static string Cell(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; lines end in CRLF.</summary>
    private static void Row(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(f => f.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{f.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : f));
        csv.Append("\r\n");
    }
}
