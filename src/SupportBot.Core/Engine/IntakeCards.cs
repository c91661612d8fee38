using System.Globalization;
using System.Text.Json.Nodes;
using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Intake;
using SupportBot.Core.Policy;

namespace SupportBot.Core.Engine;

/// <summary>Card data for the intake stages: questions, deflection steps, and the severity preview.</summary>
public sealed class IntakeCards(SupportPolicy policy, CardData cards)
{
    public OutboundMessage Questions(IntakeSession session, IReadOnlyDictionary<string, string> errors)
    {
        var visible = IntakeFlow.Visible(policy, session.Answers);
        var questions = new JsonArray();
        foreach (var q in visible)
        {
            session.Answers.TryGetValue(q.Id, out var value);
            errors.TryGetValue(q.Id, out var error);
            var kind = Kind(q.Kind);
            var item = new JsonObject
            {
                ["id"] = q.Id,
                ["text"] = q.Text,
                ["label"] = q.Required ? $"{q.Text} (required)" : q.Text,
                ["help"] = q.Help ?? "",
                ["required"] = q.Required,
                ["value"] = value ?? "",
                // Input.Number wants a JSON number; null (no answer, or not a number) leaves it empty.
                ["numberValue"] = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null,
                ["error"] = error ?? "",
                ["hasError"] = error is not null,
                ["kind"] = kind,
                ["maxLength"] = q.MaxLength,
                ["choices"] = Choices(q),
            };
            foreach (var k in new[] { "choice", "yes-no", "text", "multiline", "number", "email", "phone", "date" })
            {
                item["is" + string.Concat(k.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]))] = k == kind;
            }
            questions.Add(item);
        }
        var data = new JsonObject
        {
            ["title"] = "Report a problem",
            ["policy"] = policy.Title,
            ["questions"] = questions,
            ["shown"] = string.Join(",", visible.Select(q => q.Id)),
            ["hasErrors"] = errors.Count > 0,
            ["errorSummary"] = errors.Count == 1 ? "One answer needs attention." : $"{errors.Count} answers need attention.",
        };
        return new(Cards.Intake, data, "Report a problem: answer the questions on the card.");
    }

    public OutboundMessage Deflection(Deflection deflection)
    {
        var steps = new JsonArray(deflection.Steps.Select((s, i) => (JsonNode)new JsonObject { ["number"] = i + 1, ["text"] = s }).ToArray());
        return new(Cards.Deflection, new JsonObject { ["title"] = deflection.Title, ["category"] = cards.OptionTitle("category", deflection.Category), ["steps"] = steps },
            $"{deflection.Title}: please try these steps first.");
    }

    /// <summary>The severity before submit; <paramref name="match"/> is an open incident this report may join instead.</summary>
    public OutboundMessage Preview(IntakeSession session, Instant now, CaseRecord? match = null)
    {
        var decision = SeverityRules.Decide(policy, session.Answers);
        var target = Sla.ResponseTargets.For(policy, decision.Severity, now, session.Answers);
        var due = Sla.ResponseTargets.Due(policy, decision.Severity, now, session.Answers);
        var zone = cards.ZoneOf(session.Reporter);
        var data = new JsonObject
        {
            ["severity"] = decision.Severity.Name,
            ["severityDefinition"] = decision.Severity.Definition,
            ["severityReason"] = decision.Reason,
            ["responseTarget"] = target.Text,
            ["responseDue"] = Display.Time(due, zone),
            ["title"] = session.Answers.TryGetValue("title", out var t) ? t : "",
            ["description"] = session.Answers.TryGetValue("description", out var d) ? d : "",
            ["facts"] = cards.Facts(session.Answers),
            ["hasMatch"] = match is not null,
            ["match"] = match is null ? null : cards.Case(match, now, zone),
        };
        return new(Cards.Preview, data, match is null
            ? $"{decision.Reason}. We would respond within {decision.Severity.Response.Text}. Submit to open the case."
            : $"This looks like {match.Number} ({match.Title}), which is open already. Join it to get its updates, or submit a separate report.");
    }

    private static JsonArray Choices(IntakeQuestion q) => q.Kind switch
    {
        QuestionKind.Choice => new JsonArray(q.Options.Select(o => (JsonNode)CardData.Choice(o.Title, o.Value)).ToArray()),
        QuestionKind.YesNo => new JsonArray(CardData.Choice("Yes", "yes"), CardData.Choice("No", "no")),
        _ => [],
    };

    private static string Kind(QuestionKind kind) => kind switch
    {
        QuestionKind.Choice => "choice",
        QuestionKind.YesNo => "yes-no",
        QuestionKind.Text => "text",
        QuestionKind.Multiline => "multiline",
        QuestionKind.Number => "number",
        QuestionKind.Email => "email",
        QuestionKind.Phone => "phone",
        QuestionKind.Date => "date",
        _ => "text",
    };
}
