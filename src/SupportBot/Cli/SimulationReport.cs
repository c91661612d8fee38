using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;
using SupportBot.Core.Engine;
using SupportBot.Core.Policy;
using SupportBot.Core.Simulation;

namespace SupportBot.Cli;

/// <summary>
/// A dry run printed for people (one line per event, each message it sends indented under it) or as
/// one JSON document with the same content; every time in the zone asked for.
/// </summary>
public sealed class SimulationReport(SupportPolicy policy, string file, DateTimeZone zone, SimulationResult result, bool defaultUntil)
{
    private static readonly LocalDateTimePattern LineTime = LocalDateTimePattern.CreateWithInvariantCulture("ddd d MMM HH:mm");
    private static readonly LocalDateTimePattern Day = LocalDateTimePattern.CreateWithInvariantCulture("ddd d MMM uuuu HH:mm");
    // Printed, not embedded in HTML: keep "·" and quotes readable.
    private static readonly JsonSerializerOptions JsonLayout = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const int KindWidth = 20;

    public void WriteText(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var c = result.Opened;
        output.WriteLine($"Dry run of \"{policy.Title}\" ({file})");
        output.WriteLine($"{c.Number} reported {Day.Format(Local(c.OpenedAt))} {zone.Id}; every time below is in {zone.Id}.");
        output.WriteLine();
        output.WriteLine($"Severity: {result.Severity.Name} ({result.Severity.Id})");
        output.WriteLine($"Reason:   {c.SeverityReason}");
        output.WriteLine();
        output.WriteLine("Clocks:");
        foreach (var clock in result.Clocks)
        {
            var due = clock.Due is { } at ? LineTime.Format(Local(at)) : "-";
            output.WriteLine($"  {clock.Name,-16} {due,-16}  {clock.Detail}");
        }
        output.WriteLine();
        output.WriteLine($"Timeline until {LineTime.Format(Local(result.Until))} ({UntilWhy()}):");
        foreach (var line in result.Timeline)
        {
            var indent = line.Source == TimelineSource.Event ? "" : "  ";
            var kind = (indent + line.Kind).PadRight(KindWidth);
            var who = line.Who.Length == 0 ? "" : line.Who + " — ";
            output.WriteLine($"{LineTime.Format(Local(line.At))}  {kind} {who}{line.Summary}");
        }
    }

    public void WriteJson(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var c = result.Opened;
        var until = Time(result.Until);
        until["why"] = UntilWhy();
        var document = new JsonObject
        {
            ["policy"] = new JsonObject { ["name"] = policy.Name, ["title"] = policy.Title, ["file"] = file },
            ["zone"] = zone.Id,
            ["case"] = c.Number,
            ["reported"] = Time(c.OpenedAt),
            ["severity"] = new JsonObject { ["id"] = result.Severity.Id, ["name"] = result.Severity.Name },
            ["reason"] = c.SeverityReason,
            ["clocks"] = new JsonArray(result.Clocks.Select(k => (JsonNode)new JsonObject
            {
                ["name"] = k.Name,
                ["due"] = k.Due is { } at ? Time(at) : null,
                ["detail"] = k.Detail,
            }).ToArray()),
            ["until"] = until,
            ["timeline"] = new JsonArray(result.Timeline.Select(t => (JsonNode)Entry(t)).ToArray()),
        };
        output.WriteLine(document.ToJsonString(JsonLayout));
    }

    private JsonObject Time(Instant at) => new()
    {
        ["at"] = InstantPattern.ExtendedIso.Format(at),
        ["local"] = OffsetDateTimePattern.GeneralIso.Format(at.InZone(zone).ToOffsetDateTime()),
    };

    private JsonObject Entry(TimelineEntry line)
    {
        var entry = Time(line.At);
        entry["source"] = line.Source.ToString().ToLowerInvariant();
        entry["kind"] = line.Kind;
        entry["who"] = line.Who;
        entry["summary"] = line.Summary;
        return entry;
    }

    private string UntilWhy()
    {
        if (!defaultUntil)
        {
            return $"--until {Display.Span(result.Until - result.Opened.OpenedAt)} after the report";
        }
        if (result.Until == result.Opened.OpenedAt + Simulator.LongestDefault)
        {
            return $"the default, at most {Display.Span(Simulator.LongestDefault)} after the report";
        }
        var resolution = result.Opened.ResolutionDueAt ?? result.Opened.ResponseDueAt;
        return result.Until == resolution
            ? "the default: when the resolution target is due"
            : $"the default: the resolution target, then {Display.Span(result.Until - resolution)} for the escalation ladder";
    }

    private LocalDateTime Local(Instant at) => at.InZone(zone).LocalDateTime;
}
