using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using NodaTime;
using SupportBot.Cards;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.Intake;
using static SupportBot.Tests.Cards.CardSamples;
using EngineCards = SupportBot.Core.Engine.Cards;

namespace SupportBot.Tests.Cards;

/// <summary>The real <c>cards/</c> folder, rendered with the data the engine builds for each message.</summary>
public sealed class CardFilesTests
{
    private const int TeamsCardLimitBytes = 28 * 1024;

    private static readonly CardLibrary Library = CardLibrary.Load(CardLibrary.DefaultFolder());

    private static readonly HashSet<string> KnownVerbs = [.. Constants(typeof(Verbs)).Where(f => f.Name is not (nameof(Verbs.CaseKey) or nameof(Verbs.ShownKey))).Select(f => f.Value)];

    [Fact]
    public void Every_card_name_has_a_template_and_there_are_no_others()
    {
        var names = Constants(typeof(EngineCards)).Select(f => f.Value).Order(StringComparer.Ordinal);

        Assert.Equal(names, Library.Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_sample_message_uses_a_known_template_and_together_they_cover_all_of_them()
    {
        Assert.Equal(
            Library.Names.Order(StringComparer.Ordinal),
            Messages().Select(m => m.Message.Template).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_card_renders_with_engine_data_leaving_no_bindings_and_fits_in_a_Teams_message()
    {
        foreach (var (label, message) in Messages())
        {
            var json = Render(message).ToJsonString();

            Assert.False(json.Contains("${", StringComparison.Ordinal), $"{label}: unexpanded binding in {json}");
            Assert.True(Encoding.UTF8.GetByteCount(json) < TeamsCardLimitBytes, $"{label}: {json.Length} bytes");
        }
    }

    [Fact]
    public void Every_text_block_wraps()
    {
        foreach (var (label, message) in Messages())
        {
            foreach (var block in Elements(Render(message)).Where(e => Type(e) == "TextBlock"))
            {
                Assert.True(block["wrap"]?.GetValue<bool>() == true, $"{label}: TextBlock '{block["text"]}' does not wrap");
            }
        }
    }

    [Fact]
    public void Every_button_is_an_Execute_action_with_a_known_verb()
    {
        foreach (var (label, message) in Messages())
        {
            foreach (var action in Elements(Render(message)).Where(e => Type(e).StartsWith("Action.", StringComparison.Ordinal)))
            {
                Assert.Contains(Type(action), (string[])["Action.Execute", "Action.ShowCard"]);
                if (Type(action) == "Action.Execute")
                {
                    Assert.True(KnownVerbs.Contains(Verb(action)), $"{label}: unknown verb '{Verb(action)}'");
                }
            }
        }
    }

    [Fact]
    public void Every_case_button_carries_the_case_id()
    {
        foreach (var c in AllCases)
        {
            foreach (var message in CaseMessages(c))
            {
                var actions = Executes(Render(message)).Where(a => Verb(a).StartsWith("case.", StringComparison.Ordinal)
                    || Verb(a).StartsWith("reporter.", StringComparison.Ordinal));
                foreach (var action in actions)
                {
                    Assert.Equal(c.Id, action["data"]?[Verbs.CaseKey]?.GetValue<string>());
                }
            }
        }
    }

    [Fact]
    public void Intake_inputs_are_the_visible_questions_with_their_answers()
    {
        var message = Intake.Questions(Session(Answers), new Dictionary<string, string>());
        var card = Render(message);

        var inputs = Elements(card).Where(e => Type(e).StartsWith("Input.", StringComparison.Ordinal)).ToList();
        var questions = message.Data["questions"]!.AsArray();
        Assert.Equal(questions.Select(q => q!["id"]!.GetValue<string>()), inputs.Select(i => i["id"]!.GetValue<string>()));
        Assert.Equal(CardSamples.Policy.Questions.Select(q => q.Id), inputs.Select(i => i["id"]!.GetValue<string>()));
        Assert.Equal("Input.ChoiceSet", Type(Input(card, "category")));
        Assert.Equal("expanded", Input(card, "production")["style"]!.GetValue<string>());
        Assert.True(Input(card, "description")["isMultiline"]!.GetValue<bool>());
        Assert.Equal(250, Input(card, "users")["value"]!.GetValue<long>());
        Assert.Equal("email", Input(card, "email")["style"]!.GetValue<string>());
        Assert.Equal("2026-03-02", Input(card, "started")["value"]!.GetValue<string>());
        Assert.True(Input(card, "title")["isRequired"]!.GetValue<bool>());
        Assert.Equal(message.Data["shown"]!.GetValue<string>(), Executes(card).Single(a => Verb(a) == Verbs.IntakeNext)["data"]![Verbs.ShownKey]!.GetValue<string>());
    }

    [Fact]
    public void Intake_shows_each_error_under_its_question_and_a_summary()
    {
        var answers = new Dictionary<string, string> { ["users"] = "lots" };
        var visible = IntakeFlow.Visible(CardSamples.Policy, answers);
        var errors = IntakeFlow.Validate(visible, answers);
        var card = Render(Intake.Questions(Session(answers), errors));

        var red = Elements(card).Where(e => Type(e) == "TextBlock" && e["color"]?.GetValue<string>() == "attention")
            .Select(e => e["text"]!.GetValue<string>()).ToList();
        Assert.Equal(errors.Count + 1, red.Count);
        Assert.Contains("answers need attention", red[0], StringComparison.Ordinal);
        Assert.DoesNotContain(Elements(card), e => e["id"]?.GetValue<string>() == "phone");
        Assert.Equal(errors["users"], Input(card, "users")["errorMessage"]!.GetValue<string>());
        Assert.Null(Input(card, "users")["value"]);
    }

    [Fact]
    public void Triage_actions_follow_the_case_status()
    {
        Assert.Equal(["case.claim", "case.severity", "case.ask", "case.update", "case.escalate", "escalation.request", "case.resolve"], ButtonVerbs(Data.Triage(Unclaimed, Now)));
        Assert.Equal(["case.severity", "case.ask", "case.update", "case.escalate", "case.snooze", "case.resolve"], ButtonVerbs(Data.Triage(Claimed, Now)));
        Assert.Empty(ButtonVerbs(Data.Triage(Resolved, Now)));
        Assert.Empty(ButtonVerbs(Data.Triage(ClosedAndRated, Now)));

        var closed = Render(Data.Triage(ClosedAndRated, Now)).ToJsonString();
        Assert.Contains("Restarted the payment gateway.", closed, StringComparison.Ordinal);
        Assert.Contains("4/5", closed, StringComparison.Ordinal);
    }

    [Fact]
    public void Triage_header_is_coloured_by_severity()
    {
        Assert.Equal("attention", Render(Data.Triage(Unclaimed, Now))["body"]![0]!["color"]!.GetValue<string>());
        Assert.Equal("warning", Render(Data.Triage(Claimed, Now))["body"]![0]!["color"]!.GetValue<string>());
        Assert.Equal("default", Render(Data.Triage(Resolved, Now))["body"]![0]!["color"]!.GetValue<string>());
    }

    [Fact]
    public void Triage_shows_each_answer_once()
    {
        var facts = Elements(Render(Data.Triage(Unclaimed, Now))).Where(e => Type(e) == "FactSet")
            .SelectMany(f => f["facts"]!.AsArray()).Select(f => f!["value"]!.GetValue<string>()).ToList();

        Assert.Single(facts, "Service down");
        Assert.Single(facts, "Contoso");
        Assert.Single(facts, "Yes");
    }

    [Fact]
    public void A_page_with_every_written_field_at_its_limit_and_a_long_description_fits_in_a_Teams_message()
    {
        string Long(string field) => new('界', EscalationSteps.FieldLimits[field]);
        var request = new Core.Escalation.EscalationRequest(1, "Alex Agent", null, Long("description"), Long("progress"), Long("impact"), Long("reason"));
        var c = Paged with
        {
            Answers = new Dictionary<string, string>(Answers) { ["description"] = new string('界', 4000), ["title"] = new string('界', 120) },
            Escalation = Paged.Escalation with { Request = request },
        };

        // Sent as UTF-8 without \u escapes (as an adapter should), three bytes a character in the worst case.
        var json = Render(EscalationData.Page(c, Now, CardSamples.Policy.Ladders[0].Levels[0], 2, "No response within the 15 minutes response target", DateTimeZone.Utc))
            .ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        Assert.True(Encoding.UTF8.GetByteCount(json) < TeamsCardLimitBytes, $"{Encoding.UTF8.GetByteCount(json)} bytes");
    }

    [Fact]
    public void A_queue_of_forty_cases_fits_in_a_Teams_message()
    {
        var cases = Enumerable.Range(1, 40).Select(i => Claimed with { Id = $"c-{i}", Number = $"SUP-{i:000000}" }).ToList();

        var json = Render(Data.Queue(cases, Now, "Open cases")).ToJsonString();

        Assert.True(Encoding.UTF8.GetByteCount(json) < TeamsCardLimitBytes, $"{json.Length} bytes");
    }

    [Fact]
    public void Triage_escapes_markdown_in_the_description()
    {
        var card = Render(Data.Triage(Unclaimed, Now));

        var texts = Elements(card).Where(e => Type(e) == "TextBlock").Select(e => e["text"]!.GetValue<string>()).ToList();
        Assert.Contains(@"\*\*bold\*\* \[link\]\(http://x\) \<at\>y\</at\>", texts);
        Assert.DoesNotContain(MarkdownDescription, card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Resolved_card_asks_for_a_rating_until_there_is_one()
    {
        var open = Render(Data.Resolved(Resolved, Now));
        Assert.Equal([Verbs.ReporterFixed, Verbs.ReporterBroken, Verbs.ReporterRate], ButtonVerbs(Data.Resolved(Resolved, Now)));
        Assert.Equal(5, Input(open, "rating")["choices"]!.AsArray().Count);
        Assert.Contains("BUG-1234", open.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("2026-03-09", open.ToJsonString(), StringComparison.Ordinal);

        var rated = Render(Data.Resolved(ClosedAndRated, Now));
        Assert.Empty(ButtonVerbs(Data.Resolved(ClosedAndRated, Now)));
        Assert.DoesNotContain(Elements(rated), e => Type(e).StartsWith("Input.", StringComparison.Ordinal));
    }

    private static JsonObject Render(OutboundMessage message) =>
        Library.Render(message.Template, message.Data, AdaptiveCardTextEscaper.Instance);

    private static List<string> ButtonVerbs(OutboundMessage message) => [.. Executes(Render(message)).Select(Verb)];

    private static IEnumerable<JsonObject> Executes(JsonObject card) => Elements(card).Where(e => Type(e) == "Action.Execute");

    private static JsonObject Input(JsonObject card, string id) =>
        Elements(card).Single(e => Type(e).StartsWith("Input.", StringComparison.Ordinal) && e["id"]?.GetValue<string>() == id);

    /// <summary>Every object in the card, depth first in document order (ShowCard cards included).</summary>
    private static IEnumerable<JsonObject> Elements(JsonNode? node) => node switch
    {
        JsonObject obj => [obj, .. obj.SelectMany(p => Elements(p.Value))],
        JsonArray array => array.SelectMany(Elements),
        _ => [],
    };

    private static string Type(JsonObject element) =>
        element["type"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static string Verb(JsonObject action) => action["verb"]?.GetValue<string>() ?? "";

    private static IEnumerable<(string Name, string Value)> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (f.Name, (string)f.GetRawConstantValue()!));
}
