using System.Globalization;
using System.Text.Json;
using NodaTime;
using SupportBot.Core.Reports;

namespace SupportBot.Core.Tests.Reports;

/// <summary>The exports read back into the report's own figures: CSV as a spreadsheet reads it, JSON as a script does.</summary>
public sealed class ReportExportTests
{
    private static readonly MonthlyReport Report = new SeededMonth().Report();

    private static readonly string[] TotalColumns = ["mttr_min", "response_rate", "first_contact_rate", "csat_average"];

    private static double Minutes(Duration? d) => Math.Round(d!.Value.TotalMinutes, 2);

    [Fact]
    public void Csv_has_one_header_row_then_one_row_for_all_cases_and_one_per_severity_category_and_region()
    {
        var rows = Csv.Parse(ReportExport.Csv(Report));

        Assert.Equal(ReportExport.CsvColumns, rows[0]);
        Assert.All(rows, r => Assert.Equal(ReportExport.CsvColumns.Length, r.Count));
        var k = Report.Kpis;
        Assert.Equal(
            [("all", ""), .. k.BySeverity.Select(s => ("severity", s.Id)), .. k.ByCategory.Select(c => ("category", c.Id)), .. k.ByRegion.Select(r => ("region", r.Id))],
            rows.Skip(1).Select(r => (r[1], r[2])));
        Assert.All(rows.Skip(1), r => Assert.Equal("2026-03", r[0]));
    }

    [Fact]
    public void Csv_figures_read_back_as_the_reports_figures()
    {
        var rows = Csv.Parse(ReportExport.Csv(Report));
        var column = ReportExport.CsvColumns.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i);
        var groups = new[] { new GroupFigures("all", "", "All cases", Report.Kpis.Total) }.Concat(Report.Kpis.BySeverity).Concat(Report.Kpis.ByCategory).Concat(Report.Kpis.ByRegion);

        foreach (var (row, g) in rows.Skip(1).Zip(groups))
        {
            var f = g.Figures;
            double? Number(string name) => row[column[name]].Length == 0 ? null : double.Parse(row[column[name]], CultureInfo.InvariantCulture);
            Assert.Equal(g.Name, row[column["name"]]);
            Assert.Equal(f.Cases, Number("cases"));
            Assert.Equal(f.FirstResponse.Median is null ? null : Minutes(f.FirstResponse.Median), Number("first_response_median_min"));
            Assert.Equal(f.TimeToResolve.Mean is null ? null : Minutes(f.TimeToResolve.Mean), Number("mttr_min"));
            Assert.Equal((f.Response.Met, f.Response.Due), ((int)Number("response_met")!, (int)Number("response_due")!));
            Assert.Equal((f.Resolution.Met, f.Resolution.Due), ((int)Number("resolution_met")!, (int)Number("resolution_due")!));
            Assert.Equal(f.FirstContactResolution.Rate is { } fcr ? Math.Round(fcr, 4) : null, Number("first_contact_rate"));
            Assert.Equal(f.Csat.Average is { } csat ? Math.Round(csat, 2) : null, Number("csat_average"));
            Assert.Equal((f.Pages.Sent, f.Breached, f.CreditPercent), ((int)Number("pages")!, (int)Number("breached")!, Number("credit_percent")!.Value));
        }
        Assert.Equal(["870", "0.7143", "0.5", "3.5"], TotalColumns.Select(c => rows[1][column[c]]));
    }

    [Fact]
    public void Csv_quotes_commas_quotes_and_line_breaks_and_keeps_a_spreadsheet_from_running_a_name_as_a_formula()
    {
        var k = Report.Kpis;
        var awkward = Report with
        {
            Kpis = k with
            {
                ByCategory = [k.ByCategory[0] with { Name = "Wi-Fi, \"guest\"\nfloor 2" }],
                ByRegion = [k.ByRegion[0] with { Name = "=HYPERLINK(\"http://x\")" }],
            },
        };

        var rows = Csv.Parse(ReportExport.Csv(awkward));

        Assert.Equal("Wi-Fi, \"guest\"\nfloor 2", rows.Single(r => r[1] == "category")[3]);
        Assert.Equal("'=HYPERLINK(\"http://x\")", rows.Single(r => r[1] == "region")[3]);
    }

    [Fact]
    public void Json_reads_back_as_the_reports_figures_targets_credits_and_breaches()
    {
        using var json = JsonDocument.Parse(ReportExport.Json(Report));
        var root = json.RootElement;
        var k = Report.Kpis;

        Assert.Equal(("2026-03", "Europe/London", "2026-03-01T00:00:00Z", "2026-03-31T23:00:00Z", "2026-04-01T08:00:00Z"),
            (root.Str("month"), root.Str("zone"), root.Str("start"), root.Str("end"), root.Str("asOf")));
        AssertFigures(k.Total, root.GetProperty("total"));
        var severities = root.GetProperty("severities").EnumerateArray().ToList();
        Assert.Equal(k.BySeverity.Select(s => (s.Id, s.Name)), severities.Select(s => (s.Str("id"), s.Str("name"))));
        foreach (var (group, element) in k.BySeverity.Zip(severities))
        {
            AssertFigures(group.Figures, element.GetProperty("figures"));
        }
        Assert.Equal(k.ByCategory.Select(c => (c.Id, c.Figures.Cases)),
            root.GetProperty("categories").EnumerateArray().Select(c => (c.Str("id"), c.GetProperty("figures").GetProperty("cases").GetInt32())));
        Assert.Equal(Report.Targets.Select(t => (t.Id, t.Actual, t.Target, t.Met)),
            root.GetProperty("targets").EnumerateArray().Select(t => (t.Str("id"), (double?)t.GetProperty("actual").GetDouble(), t.GetProperty("target").GetDouble(), (bool?)t.GetProperty("met").GetBoolean())));
        var credit = Assert.Single(root.GetProperty("credits").EnumerateArray().ToList());
        Assert.Equal(("SUP-000003", "Acme", 5.0, "2026-03-12T11:00:00Z"), (credit.Str("case"), credit.Str("customer"), credit.GetProperty("percent").GetDouble(), credit.Str("outageEnd")));
        Assert.Equal([("SUP-000003", "missed", "missed"), ("SUP-000006", "missed", "met"), ("SUP-000007", "met", "missed")],
            root.GetProperty("breaches").EnumerateArray().Select(b => (b.Str("case"), b.Str("response"), b.Str("resolution"))));
    }

    [Fact]
    public void Json_writes_null_where_there_was_nothing_to_measure()
    {
        using var json = JsonDocument.Parse(ReportExport.Json(Report));
        var sev3 = json.RootElement.GetProperty("severities")[2].GetProperty("figures");

        Assert.Equal(JsonValueKind.Null, sev3.GetProperty("csat").GetProperty("average").ValueKind);
        Assert.Equal(JsonValueKind.Null, sev3.GetProperty("pages").GetProperty("ackTime").GetProperty("medianMinutes").ValueKind);
    }

    private static void AssertFigures(Figures f, JsonElement e)
    {
        Assert.Equal(f.Cases, e.GetProperty("cases").GetInt32());
        AssertStats(f.FirstResponse, e.GetProperty("firstResponse"));
        AssertStats(f.TimeToResolve, e.GetProperty("timeToResolve"));
        Assert.Equal((f.Response.Met, f.Response.Due), (e.GetProperty("responseSla").GetProperty("met").GetInt32(), e.GetProperty("responseSla").GetProperty("due").GetInt32()));
        Assert.Equal((f.Resolution.Met, f.Resolution.Due), (e.GetProperty("resolutionSla").GetProperty("met").GetInt32(), e.GetProperty("resolutionSla").GetProperty("due").GetInt32()));
        Assert.Equal((f.FirstContactResolution.Count, f.FirstContactResolution.Of),
            (e.GetProperty("firstContactResolution").GetProperty("count").GetInt32(), e.GetProperty("firstContactResolution").GetProperty("of").GetInt32()));
        Assert.Equal(f.Csat.Count, e.GetProperty("csat").GetProperty("count").GetInt32());
        Assert.Equal(f.Pages.Sent, e.GetProperty("pages").GetProperty("sent").GetInt32());
        AssertStats(f.Pages.AckTime, e.GetProperty("pages").GetProperty("ackTime"));
        Assert.Equal((f.Breached, f.Credits, f.CreditPercent), (e.GetProperty("breached").GetInt32(), e.GetProperty("credits").GetInt32(), e.GetProperty("creditPercent").GetDouble()));
    }

    private static void AssertStats(DurationStats s, JsonElement e)
    {
        double? Read(string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDouble();
        Assert.Equal(s.Count, e.GetProperty("count").GetInt32());
        Assert.Equal((s.Mean is null ? null : Minutes(s.Mean), s.Median is null ? null : Minutes(s.Median), s.P90 is null ? null : Minutes(s.P90)),
            (Read("meanMinutes"), Read("medianMinutes"), Read("p90Minutes")));
    }
}

internal static class JsonElementExtensions
{
    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString() ?? "(null)";
}
