using System.Text;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace SupportBot.Core.Reports;

/// <summary>
/// The report as one JSON document with stable camelCase names: the period, the targets, the figures
/// in total and per severity, region and category, the credits and the breached cases. Instants are
/// ISO UTC; durations minutes; rates fractions; null where there was nothing to measure.
/// </summary>
public static class ReportJson
{
    public static string Write(MonthlyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var k = report.Kpis;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("month", report.MonthId);
            w.WriteString("policy", report.PolicyName);
            w.WriteString("policyTitle", report.PolicyTitle);
            w.WriteString("zone", k.Period.Zone.Id);
            w.WriteString("start", Iso(k.Period.Start));
            w.WriteString("end", Iso(k.Period.End));
            w.WriteString("asOf", Iso(k.AsOf));
            w.WritePropertyName("total");
            Figures(w, k.Total);
            w.WriteStartArray("targets");
            foreach (var t in report.Targets)
            {
                w.WriteStartObject();
                w.WriteString("id", t.Id);
                w.WriteString("name", t.Name);
                w.WriteString("unit", t.Unit);
                Number(w, "actual", t.Unit == TargetCheck.Fraction ? ReportNumbers.Fraction(t.Actual) : ReportNumbers.Round(t.Actual, 2));
                w.WriteNumber("target", t.Target);
                w.WritePropertyName("met");
                if (t.Met is { } met)
                {
                    w.WriteBooleanValue(met);
                }
                else
                {
                    w.WriteNullValue();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            Groups(w, "severities", k.BySeverity);
            Groups(w, "categories", k.ByCategory);
            Groups(w, "regions", k.ByRegion);
            w.WriteStartArray("credits");
            foreach (var c in k.Credits)
            {
                w.WriteStartObject();
                w.WriteString("case", c.CaseNumber);
                w.WriteString("customer", c.Customer);
                w.WriteString("severity", c.SeverityId);
                w.WriteNumber("percent", c.Percent);
                w.WriteString("opened", Iso(c.OpenedAt));
                w.WriteString("outageEnd", Iso(c.OutageEnd));
                w.WriteBoolean("ongoing", c.Ongoing);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("notMeasured");
            foreach (var c in k.NotMeasured)
            {
                w.WriteStartObject();
                w.WriteString("case", c.Number);
                w.WriteString("severity", c.SeverityId);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("breaches");
            foreach (var b in k.Breaches)
            {
                w.WriteStartObject();
                w.WriteString("case", b.Case.Number);
                w.WriteString("title", b.Case.Title);
                w.WriteString("severity", b.Case.SeverityId);
                w.WriteString("customer", b.Case.Customer);
                w.WriteString("opened", Iso(b.Case.OpenedAt));
                w.WriteString("response", b.Response.Id());
                w.WriteString("responseDue", Iso(b.Case.ResponseDueAt));
                w.WriteString("resolution", b.Resolution.Id());
                if (b.ResolutionDue is { } resolutionDue)
                {
                    w.WriteString("resolutionDue", Iso(resolutionDue));
                }
                else
                {
                    w.WriteNull("resolutionDue");
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Groups(Utf8JsonWriter w, string name, IReadOnlyList<GroupFigures> groups)
    {
        w.WriteStartArray(name);
        foreach (var g in groups)
        {
            w.WriteStartObject();
            w.WriteString("id", g.Id);
            w.WriteString("name", g.Name);
            w.WritePropertyName("figures");
            Figures(w, g.Figures);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Figures(Utf8JsonWriter w, Figures f)
    {
        w.WriteStartObject();
        w.WriteNumber("cases", f.Cases);
        Stats(w, "firstResponse", f.FirstResponse);
        Stats(w, "timeToResolve", f.TimeToResolve);
        Attained(w, "responseSla", f.Response);
        Attained(w, "resolutionSla", f.Resolution);
        w.WriteStartObject("firstContactResolution");
        w.WriteNumber("count", f.FirstContactResolution.Count);
        w.WriteNumber("of", f.FirstContactResolution.Of);
        Number(w, "rate", ReportNumbers.Fraction(f.FirstContactResolution.Rate));
        w.WriteEndObject();
        w.WriteStartObject("csat");
        w.WriteNumber("count", f.Csat.Count);
        Number(w, "average", ReportNumbers.Round(f.Csat.Average, 2));
        w.WriteEndObject();
        w.WriteStartObject("pages");
        w.WriteNumber("sent", f.Pages.Sent);
        Stats(w, "ackTime", f.Pages.AckTime);
        w.WriteEndObject();
        w.WriteNumber("breached", f.Breached);
        w.WriteNumber("credits", f.Credits);
        w.WriteNumber("creditPercent", f.CreditPercent);
        w.WriteEndObject();
    }

    private static void Stats(Utf8JsonWriter w, string name, DurationStats s)
    {
        w.WriteStartObject(name);
        w.WriteNumber("count", s.Count);
        Number(w, "meanMinutes", ReportNumbers.Minutes(s.Mean));
        Number(w, "medianMinutes", ReportNumbers.Minutes(s.Median));
        Number(w, "p90Minutes", ReportNumbers.Minutes(s.P90));
        w.WriteEndObject();
    }

    private static void Attained(Utf8JsonWriter w, string name, Attainment a)
    {
        w.WriteStartObject(name);
        w.WriteNumber("met", a.Met);
        w.WriteNumber("due", a.Due);
        Number(w, "rate", ReportNumbers.Fraction(a.Rate));
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string Iso(Instant t) => InstantPattern.ExtendedIso.Format(t);
}
