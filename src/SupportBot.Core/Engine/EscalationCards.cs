using System.Text.Json.Nodes;
using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Escalation;
using SupportBot.Core.Policy;

namespace SupportBot.Core.Engine;

/// <summary>Card data for escalation and the Severity 1 bridge: pages, the escalation form, the bridge's status and summary.</summary>
public sealed class EscalationCards(SupportPolicy policy, CardData cards)
{
    /// <summary>Most timeline entries on an incident summary: a longer one would pass Teams' 28 KB message limit.</summary>
    public const int TimelineLimit = 40;

    public const int PageDescriptionLimit = 1000;

    private static string Shorten(string text, int limit) => text.Length <= limit ? text : text[..(limit - 1)] + "…";

    /// <summary>
    /// A page to one person. <paramref name="closedNote"/> replaces the buttons once the page needs no
    /// answer any more (acknowledged, moved on, or the case resolved).
    /// </summary>
    public OutboundMessage Page(CaseRecord c, Instant now, LadderLevel level, int levelCount, string why, DateTimeZone zone, string? closedNote = null)
    {
        var e = c.Escalation;
        var request = e.Request is { } r && r.Level == level.Number ? r : null;
        var summary = cards.Case(c, now, zone);
        // A page is a summary: the full description is on the case, and pages repeat.
        summary["description"] = Shorten(c.Description ?? "", PageDescriptionLimit);
        var data = new JsonObject
        {
            ["case"] = summary,
            ["level"] = level.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["headline"] = $"Page: {c.Number} · {policy.Severity(c.SeverityId).Name} · level {level.Number} of {levelCount} ({level.Name})",
            ["why"] = why,
            ["attempt"] = $"{e.Attempt} of {level.Repeats + 1}",
            ["ackWithin"] = Display.Span(level.AckTimeout),
            ["isOpen"] = closedNote is null,
            ["closedNote"] = closedNote ?? "",
            ["hasRequest"] = request is not null,
            ["requestBy"] = request?.By ?? "",
            ["requestReason"] = request?.Reason ?? "",
            ["requestImpact"] = request?.Impact ?? "",
            ["requestProgress"] = request?.Progress ?? "",
            ["requestDescription"] = request?.Description ?? "",
        };
        return new(Cards.Page, data, closedNote is null
            ? $"Page for {c.Number} ({policy.Severity(c.SeverityId).Name}): {c.Title}. {why}. Acknowledge within {Display.Span(level.AckTimeout)}."
            : $"{c.Number}: {closedNote}");
    }

    /// <summary>The written escalation request: filled in from the case and its log, or with what was written already.</summary>
    public OutboundMessage EscalateForm(CaseRecord c, Instant now, LadderLevel next, IReadOnlyDictionary<string, string> fields, DateTimeZone zone)
    {
        var data = new JsonObject
        {
            ["case"] = cards.Case(c, now, zone),
            ["nextLevel"] = $"Level {next.Number} ({next.Name})",
            ["description"] = fields.GetValueOrDefault("description", ""),
            ["progress"] = fields.GetValueOrDefault("progress", ""),
            ["impact"] = fields.GetValueOrDefault("impact", ""),
            ["reason"] = fields.GetValueOrDefault("reason", ""),
        };
        return new(Cards.Escalate, data, $"Escalate {c.Number} to level {next.Number} ({next.Name}): say why and what the business impact is.");
    }

    /// <summary>The pinned card in the bridge: where the incident stands, redrawn on every change.</summary>
    public OutboundMessage BridgeStatus(CaseRecord c, Instant now)
    {
        var severity = policy.Severity(c.SeverityId);
        var data = new JsonObject
        {
            ["case"] = cards.Case(c, now),
            ["cadence"] = severity.UpdateEvery?.Text ?? "",
            ["lastUpdate"] = c.LastUpdateText ?? "",
            ["lastUpdateAt"] = c.LastUpdateAt is { } at ? Display.Time(at, policy.DisplayZone) : "",
        };
        return new(Cards.BridgeStatus, data, $"Incident {c.Number} [{severity.Name}] {c.Title}: {c.Status.Title()}");
    }

    /// <summary>Log entries that are the bot talking to itself: left out of the timeline (they stay on the log).</summary>
    private static readonly HashSet<string> Noise = new(StringComparer.Ordinal) { "response-reminder", "update-reminder", "csat-requested" };

    /// <summary>
    /// The summary and timeline posted in the bridge when the incident is resolved: how it started and
    /// how it ended, with the middle left to the case log when it is long.
    /// </summary>
    public OutboundMessage IncidentSummary(CaseRecord c, IReadOnlyList<CaseEvent> log, Instant now)
    {
        var events = log.Where(e => !Noise.Contains(e.Type)).ToList();
        const int head = 5;
        var shown = events.Count > TimelineLimit ? [.. events.Take(head), .. events.Skip(events.Count - (TimelineLimit - head))] : events;
        var timeline = new JsonArray(shown.Select(e => (JsonNode)new JsonObject
        {
            ["at"] = Display.Time(e.At, policy.DisplayZone),
            ["summary"] = Shorten(e.Summary, 300),
        }).ToArray());
        var data = new JsonObject
        {
            ["case"] = cards.Case(c, now),
            ["duration"] = Display.Span((c.ResolvedAt ?? now) - c.OpenedAt),
            ["timeline"] = timeline,
            ["omitted"] = events.Count - shown.Count,
            ["postmortemDue"] = Display.Time(now + policy.Reminders.PostmortemAfter, policy.DisplayZone),
        };
        return new(Cards.IncidentSummary, data, $"{c.Number} resolved after {data["duration"]}: {c.Outcome?.Summary}");
    }
}
