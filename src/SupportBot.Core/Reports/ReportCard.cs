using System.Text.Json.Nodes;
using NodaTime;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;

namespace SupportBot.Core.Reports;

/// <summary>The monthly report as the <c>monthly-report</c> card for the managers' channel; the full lists are in the exports.</summary>
public static class ReportCard
{
    /// <summary>Breached cases shown on the card; a card has a size limit, the exports have none.</summary>
    public const int MaxBreaches = 15;

    public static OutboundMessage Message(MonthlyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var k = report.Kpis;
        var zone = k.Period.Zone;
        var f = k.Total;
        var title = $"SLA report for {report.MonthName}";
        var data = new JsonObject
        {
            ["title"] = title,
            ["period"] = $"{report.PolicyTitle}. Cases opened in {report.MonthName} ({zone.Id}), as of {Display.Time(k.AsOf, zone)}.",
            ["hasTargets"] = report.Targets.Count > 0,
            ["targets"] = Facts(report.Targets.Select(t =>
            {
                var (actual, target) = ReportFormat.Of(t);
                return (t.Name, $"{actual} (target {target}): {ReportFormat.Met(t.Met)}");
            })),
            ["totals"] = Facts(
            [
                ("Cases", $"{f.Cases} opened, {f.Breached} breached a target"),
                ("First response", $"median {ReportFormat.Span(f.FirstResponse.Median)}, p90 {ReportFormat.Span(f.FirstResponse.P90)}"),
                ("Time to resolve", $"MTTR {ReportFormat.Span(f.TimeToResolve.Mean)}, median {ReportFormat.Span(f.TimeToResolve.Median)}, p90 {ReportFormat.Span(f.TimeToResolve.P90)}"),
                ("Response SLA", ReportFormat.Attained(f.Response)),
                ("Resolution SLA", ReportFormat.Attained(f.Resolution)),
                ("First contact resolution", $"{ReportFormat.Percent(f.FirstContactResolution.Rate)} ({f.FirstContactResolution.Count} of {f.FirstContactResolution.Of})"),
                ("CSAT", $"{ReportFormat.Score(f.Csat.Average)} ({f.Csat.Count} rated)"),
            ]),
            ["severities"] = Facts(k.BySeverity.Select(s => (s.Name,
                $"{s.Figures.Cases} cases; response {ReportFormat.Attained(s.Figures.Response)}; resolution {ReportFormat.Attained(s.Figures.Resolution)}; "
                + $"first response median {ReportFormat.Span(s.Figures.FirstResponse.Median)}; MTTR {ReportFormat.Span(s.Figures.TimeToResolve.Mean)}"))),
            ["topCategories"] = Volumes(k.TopCategories),
            ["regions"] = Volumes(k.ByRegion),
            ["pages"] = $"{f.Pages.Sent} sent, {f.Pages.Acknowledged} acknowledged; median {ReportFormat.Span(f.Pages.AckTime.Median)}, p90 {ReportFormat.Span(f.Pages.AckTime.P90)} to acknowledge",
            ["creditCount"] = k.Credits.Count,
            ["credits"] = Facts(k.Credits.Select(c => (c.CaseNumber,
                $"{c.Customer ?? "No customer named"}: {ReportNumbers.Text(c.Percent)}% of the monthly fee ({report.SeverityName(c.SeverityId)}, "
                + (c.Ongoing ? "still open)" : $"outage of {ReportFormat.Span(c.OutageEnd - c.OpenedAt)})")))),
            ["breachCount"] = k.Breaches.Count,
            ["breaches"] = Facts(k.Breaches.Take(MaxBreaches).Select(b => (b.Case.Number, $"{report.SeverityName(b.Case.SeverityId)}, {b.Case.Title}: {Breach(b, zone)}"))),
            ["moreBreaches"] = Math.Max(0, k.Breaches.Count - MaxBreaches),
            ["notMeasured"] = k.NotMeasured.Count == 0 ? "" : $"Not counted: {NotMeasured(k)}.",
        };
        var text = $"{title}: {f.Cases} cases, response SLA {ReportFormat.Percent(f.Response.Rate)}, resolution SLA {ReportFormat.Percent(f.Resolution.Rate)}, "
            + $"{f.Breached} breached, {k.Credits.Count} SLA credit(s) due.";
        return new OutboundMessage(Cards.MonthlyReport, data, text);
    }

    /// <summary>"response missed (due Tue 3 Mar 10:00 GMT); resolution met".</summary>
    public static string Breach(CaseMeasure m, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(m);
        var resolution = m.ResolutionDue is { } due ? $"resolution {Word(m.Resolution)} (due {Display.Time(due, zone)})" : "no resolution target";
        return $"response {Word(m.Response)} (due {Display.Time(m.Case.ResponseDueAt, zone)}); {resolution}";
    }

    /// <summary>"SUP-000009 (sev5)": cases whose severity the policy no longer has.</summary>
    public static string NotMeasured(Kpis k)
    {
        ArgumentNullException.ThrowIfNull(k);
        return $"{string.Join(", ", k.NotMeasured.Select(c => $"{c.Number} ({c.SeverityId})"))}, of severities the policy no longer has";
    }

    private static string Word(ClockResult r) => r == ClockResult.Undecided ? "not due yet" : r.Id();

    private static string Volumes(IReadOnlyList<GroupFigures> groups) =>
        groups.Count == 0 ? "none" : string.Join(", ", groups.Select(g => $"{g.Name} {g.Figures.Cases}"));

    private static JsonArray Facts(IEnumerable<(string Name, string Value)> facts) =>
        [.. facts.Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["value"] = f.Value })];
}
