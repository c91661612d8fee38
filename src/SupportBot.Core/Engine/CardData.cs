using System.Text.Json.Nodes;
using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Escalation;
using SupportBot.Core.Intake;
using SupportBot.Core.Policy;

namespace SupportBot.Core.Engine;

/// <summary>The data each card template in <c>cards/</c> is expanded with. User text goes in raw; adapters escape it.</summary>
public sealed class CardData(SupportPolicy policy)
{
    /// <summary>
    /// A button that opens the report form, for platforms that cannot show a form in a message (Slack
    /// opens forms as modals, which need a click). What the person wrote is already in the form.
    /// </summary>
    public static OutboundMessage ReportOffer() =>
        new(Cards.ReportOffer, new JsonObject { ["text"] = "Press Report a problem to fill in the form; what you wrote is already in it." },
            "I can open a support case for that: press Report a problem.");

    public static OutboundMessage Notice(string title, string text) =>
        new(Cards.Notice, new JsonObject { ["title"] = title, ["text"] = text }, $"{title}: {text}");

    /// <summary>
    /// The zone a person reads times in: their own when the policy lists them or the platform told us,
    /// otherwise the policy's display zone.
    /// </summary>
    public DateTimeZone ZoneOf(UserRef? viewer)
    {
        if (viewer is null)
        {
            return policy.DisplayZone;
        }
        if (policy.People.FindByUser(viewer) is { } person)
        {
            return person.Zone;
        }
        return viewer.TimeZone is { } id && DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is { } zone ? zone : policy.DisplayZone;
    }

    public JsonObject Case(CaseRecord c, Instant now, DateTimeZone? zone = null)
    {
        var z = zone ?? policy.DisplayZone;
        var severity = policy.Severity(c.SeverityId);
        var data = new JsonObject
        {
            ["id"] = c.Id,
            ["number"] = c.Number,
            ["title"] = c.Title,
            ["severity"] = severity.Name,
            ["severityId"] = severity.Id,
            ["severityRank"] = policy.Rank(severity.Id),
            ["severityReason"] = c.SeverityReason,
            ["status"] = c.Status.Title(),
            ["statusId"] = c.Status.Id(),
            ["owner"] = c.Owner?.Name ?? "",
            ["hasOwner"] = c.Owner is not null,
            ["tier"] = $"L{c.Tier}",
            ["reporter"] = c.Reporter.Name,
            ["customer"] = c.Customer ?? "",
            ["category"] = OptionTitle("category", c.Category),
            ["region"] = OptionTitle("region", c.Region),
            ["description"] = c.Description ?? "",
            ["openedAt"] = Display.Time(c.OpenedAt, z),
            ["responseDue"] = Display.Time(c.ResponseDueAt, z),
            ["responseMet"] = c.FirstResponseAt is not null,
            ["responseLeft"] = c.FirstResponseAt is { } first
                ? $"responded {(first <= c.ResponseDueAt ? "in time" : "late")}"
                : Display.Left(c.ResponseDueAt, now),
            ["resolutionDue"] = c.ResolutionDueAt is { } due ? Display.Time(due, z) : "paused",
            ["resolutionLeft"] = c.ResolutionDueAt is { } due2 && c.IsOpen ? Display.Left(due2, now) : "",
            ["isOpen"] = c.IsOpen,
            ["canClaim"] = c.IsOpen && c.Owner is null,
            ["isResolved"] = c.Status == CaseStatus.Resolved,
            ["outcome"] = c.Outcome?.Kind.Title() ?? "",
            ["outcomeSummary"] = c.Outcome?.Summary ?? "",
            ["rating"] = c.Rating is { } r ? $"{r}/5" : "",
            ["facts"] = Facts(c.Answers),
            // The answers not already shown as case fields, for cards that show those fields separately.
            ["details"] = Facts(c.Answers, "category", "region", "customer"),
            ["nextUpdate"] = NextUpdate(c, z),
            ["linked"] = c.LinkedReporters.Count == 0 ? "" : string.Join(", ", c.LinkedReporters.Select(r => r.Name)),
            ["hasBridge"] = c.BridgeKey is not null,
            ["snoozed"] = c.SnoozedUntil is { } until && until > now ? Display.Time(until, z) : "",
        };
        AddEscalation(data, c, z);
        return data;
    }

    /// <summary>When the next status update is due, for a case with an update cadence that someone is working on.</summary>
    private string NextUpdate(CaseRecord c, DateTimeZone zone)
    {
        var severity = policy.Severity(c.SeverityId);
        if (!c.IsOpen || c.Status == CaseStatus.WaitingOnCustomer || (c.Owner is null && !(severity.OpensBridge && c.BridgeKey is not null))
            || Sla.CaseClocks.NextUpdateDue(policy, severity, c.LastUpdateAt ?? c.ClaimedAt ?? c.OpenedAt) is not { } due)
        {
            return "";
        }
        return Display.Time(due, zone);
    }

    /// <summary>The ladder on the card: the level paged and its state, and the next level with when it fires.</summary>
    private void AddEscalation(JsonObject data, CaseRecord c, DateTimeZone zone)
    {
        var ladder = LadderClock.LadderFor(policy, c.SeverityId);
        var e = c.Escalation;
        var current = "";
        if (ladder is not null && e.Level > 0 && e.Level <= ladder.Levels.Count)
        {
            var level = ladder.Levels[e.Level - 1];
            var people = string.Join(", ", e.Pages.Select(p => p.To.Name).Distinct());
            current = e.AcknowledgedBy is { } by
                ? $"Level {e.Level} of {ladder.Levels.Count} ({level.Name}): acknowledged by {by.Name}"
                : $"Level {e.Level} of {ladder.Levels.Count} ({level.Name}): paged {people}, attempt {e.Attempt} of {level.Repeats + 1}, not acknowledged yet";
        }
        var next = ladder?.Levels.FirstOrDefault(l => l.Number == e.Level + 1);
        var nextDue = next is null ? null : LadderClock.Due(policy, c, next);
        data["escalation"] = current;
        data["canPage"] = c.IsOpen && next is not null;
        data["nextLevel"] = next is null ? "" : $"Level {next.Number} ({next.Name})";
        data["nextEscalation"] = next is null || !c.IsOpen ? "" : nextDue is { } at
            ? $"Level {next.Number} ({next.Name}) {(next.Trigger.Kind == TriggerKind.Elapsed ? "at" : "if breached at")} {Display.Time(at, zone)}"
            : $"Level {next.Number} ({next.Name}) on request";
    }

    public OutboundMessage Triage(CaseRecord c, Instant now)
    {
        var data = new JsonObject
        {
            ["case"] = Case(c, now),
            ["severities"] = new JsonArray(policy.Severities.Select(s => (JsonNode)Choice(s.Name, s.Id)).ToArray()),
            ["outcomes"] = new JsonArray(OutcomeKinds.All.Select(o => (JsonNode)Choice(o.Title, o.Id)).ToArray()),
            ["snoozeChoices"] = SnoozeChoices(),
        };
        var owner = c.Owner is null ? "unclaimed" : $"owner {c.Owner.Name}";
        return new(Cards.Triage, data, $"{c.Number} [{policy.Severity(c.SeverityId).Name}] {c.Title} ({c.Status.Title()}, {owner})");
    }

    private static readonly int[] SnoozeMinutes = [30, 60, 120, 240, 480, 1440];

    /// <summary>Snooze lengths up to the policy's limit.</summary>
    private JsonArray SnoozeChoices()
    {
        var max = policy.Reminders.SnoozeMax;
        var minutes = SnoozeMinutes.Where(m => Duration.FromMinutes(m) <= max).ToList();
        if (minutes.Count == 0 || Duration.FromMinutes(minutes[^1]) < max)
        {
            minutes.Add((int)max.TotalMinutes);
        }
        return new JsonArray(minutes.Select(m => (JsonNode)Choice(Display.Span(Duration.FromMinutes(m)),
            m.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray());
    }

    public OutboundMessage CaseOpened(CaseRecord c, Instant now)
    {
        var severity = policy.Severity(c.SeverityId);
        var zone = ZoneOf(c.Reporter);
        return new(Cards.CaseOpened, new JsonObject { ["case"] = Case(c, now, zone), ["responseTarget"] = severity.Response.Text },
            $"Case {c.Number} is open as {severity.Name}. We will respond by {Display.Time(c.ResponseDueAt, zone)}.");
    }

    public OutboundMessage CaseUpdate(CaseRecord c, Instant now, string headline, string body, string from, DateTimeZone? zone = null) =>
        new(Cards.CaseUpdate, new JsonObject { ["case"] = Case(c, now, zone), ["headline"] = headline, ["body"] = body, ["from"] = from },
            $"{c.Number}: {headline}");

    public OutboundMessage AskReporter(CaseRecord c, Instant now, string question, string from) =>
        new(Cards.AskReporter, new JsonObject { ["case"] = Case(c, now, ZoneOf(c.Reporter)), ["question"] = question, ["from"] = from },
            $"{from} needs more information on {c.Number}: {question}");

    public OutboundMessage Resolved(CaseRecord c, Instant now)
    {
        var o = c.Outcome;
        var data = new JsonObject
        {
            ["case"] = Case(c, now, ZoneOf(c.Reporter)),
            ["outcome"] = o?.Kind.Title() ?? c.Status.Title(),
            ["summary"] = o?.Summary ?? "",
            ["detail"] = o?.Detail ?? "",
            ["fixDate"] = o?.FixDate?.ToString("yyyy-MM-dd", null) ?? "",
            ["ratings"] = new JsonArray(Enumerable.Range(1, 5).Select(i => (JsonNode)Choice($"{i}", $"{i}")).ToArray()),
        };
        return new(Cards.Resolved, data, $"{c.Number} is {c.Status.Title().ToLowerInvariant()}: {data["outcome"]}. Is it fixed for you?");
    }

    public OutboundMessage Reminder(CaseRecord c, Instant now, string headline, string body, DateTimeZone? zone = null) =>
        new(Cards.Reminder, new JsonObject { ["case"] = Case(c, now, zone), ["headline"] = headline, ["body"] = body }, $"{c.Number}: {headline}");

    /// <summary>At most this many cases on a queue card: a longer one would pass Teams' 28 KB message limit.</summary>
    public const int QueueCardLimit = 25;

    public OutboundMessage Queue(IReadOnlyList<CaseRecord> cases, Instant now, string title, DateTimeZone? zone = null) =>
        Queue(cases, cases.Count, now, title, zone);

    /// <param name="first">The head of the queue, in order (only the first <see cref="QueueCardLimit"/> are shown).</param>
    /// <param name="count">How many are open in all.</param>
    public OutboundMessage Queue(IReadOnlyList<CaseRecord> first, int count, Instant now, string title, DateTimeZone? zone = null)
    {
        var items = new JsonArray(first.Take(QueueCardLimit).Select(c => (JsonNode)Case(c, now, zone)).ToArray());
        var more = Math.Max(0, count - items.Count);
        return new(Cards.Queue, new JsonObject { ["title"] = title, ["count"] = count, ["isEmpty"] = count == 0, ["cases"] = items, ["more"] = more },
            count == 0 ? $"{title}: nothing open." : $"{title}: {count} open.");
    }

    public OutboundMessage Status(CaseRecord c, IReadOnlyList<CaseEvent> events, Instant now, DateTimeZone? zone = null)
    {
        var z = zone ?? policy.DisplayZone;
        var log = new JsonArray(events.Select(e => (JsonNode)new JsonObject
        {
            ["at"] = Display.Time(e.At, z),
            ["actor"] = e.ActorName,
            ["summary"] = e.Summary,
        }).ToArray());
        return new(Cards.Status, new JsonObject { ["case"] = Case(c, now, z), ["events"] = log },
            $"{c.Number} [{policy.Severity(c.SeverityId).Name}] {c.Status.Title()}");
    }

    /// <param name="intro">A line above the commands (the greeting when the bot joins a channel); empty for none.</param>
    /// <param name="desk">The desk's channels, shown to admins: (role, where) pairs; none for everyone else.</param>
    public static OutboundMessage Help(
        IEnumerable<(string Usage, string Help)> commands, string intro = "", IEnumerable<(string Role, string Where)>? desk = null) =>
        new(Cards.Help, new JsonObject
        {
            ["intro"] = intro,
            ["commands"] = new JsonArray(commands.Select(c => (JsonNode)new JsonObject { ["usage"] = c.Usage, ["help"] = c.Help }).ToArray()),
            ["desk"] = new JsonArray((desk ?? []).Select(d => (JsonNode)new JsonObject { ["title"] = d.Role, ["value"] = d.Where }).ToArray()),
        }, (intro.Length > 0 ? intro + " " : "") + "Commands: " + string.Join(", ", commands.Select(c => c.Usage)));

    public string OptionTitle(string questionId, string? value)
    {
        if (value is null)
        {
            return "";
        }
        var q = policy.Questions.FirstOrDefault(x => x.Id == questionId);
        return q?.Options.FirstOrDefault(o => o.Value == value)?.Title ?? value;
    }

    /// <summary>Answers as title/value facts in policy order, without title, description and <paramref name="skip"/>.</summary>
    public JsonArray Facts(IReadOnlyDictionary<string, string> answers, params string[] skip)
    {
        var facts = new JsonArray();
        foreach (var q in policy.Questions)
        {
            if (answers.TryGetValue(q.Id, out var value) && q.Id is not ("title" or "description") && !skip.Contains(q.Id))
            {
                facts.Add(new JsonObject { ["title"] = IntakeFlow.Label(q), ["value"] = AnswerTitle(q, value) });
            }
        }
        return facts;
    }

    private string AnswerTitle(IntakeQuestion q, string value) => q.Kind switch
    {
        QuestionKind.Choice => OptionTitle(q.Id, value),
        QuestionKind.YesNo => value switch { "yes" => "Yes", "no" => "No", _ => value },
        _ => value,
    };

    public static JsonObject Choice(string title, string value) => new() { ["title"] = title, ["value"] = value };
}
