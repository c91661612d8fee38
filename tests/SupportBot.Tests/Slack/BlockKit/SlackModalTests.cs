using System.Text.Json.Nodes;
using SupportBot.Cards;
using SupportBot.Core.Engine;
using SupportBot.Core.Intake;
using SupportBot.Slack.BlockKit;
using static SupportBot.Tests.Cards.CardSamples;
using static SupportBot.Tests.Slack.BlockKit.SlackLimits;
using EngineCards = SupportBot.Core.Engine.Cards;

namespace SupportBot.Tests.Slack.BlockKit;

/// <summary>Cards and their Action.ShowCards as Slack modals.</summary>
public sealed class SlackModalTests
{
    private static readonly CardLibrary Library = CardLibrary.Load(CardLibrary.DefaultFolder());
    private static readonly SlackCardTranslator Translator = new(Library);
    private static readonly JsonObject Meta = new() { ["channel"] = "D0REPORTER", ["ts"] = "1767225700.000200" };

    [Fact]
    public void Every_sample_message_with_inputs_translates_to_a_modal_within_Slack_limits()
    {
        var forms = Messages().Where(m => SlackCardTranslator.HasInputs(m.Message, Library)).ToList();

        Assert.Contains(forms, f => f.Message.Template == EngineCards.Intake);
        Assert.Contains(forms, f => f.Message.Template == EngineCards.Escalate);
        foreach (var (label, message) in forms)
        {
            Check(Translator.Modal(message, Meta), label);
        }
    }

    [Fact]
    public void Every_ShowCard_of_the_triage_card_translates_to_a_modal_within_Slack_limits()
    {
        foreach (var c in AllCases)
        {
            var message = Data.Triage(c, Now);
            var showCardButtons = Objects(Translator.Message(message).Blocks)
                .Count(o => Text(o["action_id"])?.StartsWith("showcard#", StringComparison.Ordinal) == true);

            var modals = Enumerable.Range(0, 20).Select(i => Translator.ShowCardModal(message, i, Meta)).TakeWhile(m => m is not null).ToList();

            Assert.Equal(showCardButtons, modals.Count);
            Assert.All(modals, m => Check(m!, $"triage {c.Status} ShowCard"));
        }
    }

    [Fact]
    public void A_ShowCard_modal_submits_the_ShowCard_action_and_says_which_case_it_is_about()
    {
        var modal = Translator.ShowCardModal(Data.Triage(Unclaimed, Now), 0, Meta)!;

        Assert.Equal("Change severity", Text(modal["title"]!["text"]));
        Assert.Equal("Change severity", Text(modal["submit"]!["text"]));
        Assert.Equal("case.severity", Text(modal["callback_id"]));
        Assert.Equal("SUP-000042 · Severity 1", Mrkdwn(modal["blocks"]![0]).Single());
        var severity = modal["blocks"]!.AsArray().Single(b => Text(b!["block_id"]) == "severity")!;
        Assert.Equal("static_select", Text(severity["element"]!["type"]));
        Assert.Equal("sev1", Text(severity["element"]!["initial_option"]!["value"]));
        Assert.False(severity["optional"]!.GetValue<bool>());
        Assert.DoesNotContain(Objects(modal), o => Text(o["type"]) == "button");
        var submit = SlackCardTranslator.SubmitAction(Text(modal["private_metadata"]))!;
        Assert.Equal("case.severity", submit.Verb);
        Assert.Equal(Unclaimed.Id, Text(submit.Data["case"]));
    }

    [Fact]
    public void There_is_no_ShowCard_modal_for_an_index_without_a_ShowCard()
    {
        Assert.Null(Translator.ShowCardModal(Data.Triage(Unclaimed, Now), -1, Meta));
        Assert.Null(Translator.ShowCardModal(Data.Triage(Unclaimed, Now), 6, Meta));
        Assert.Null(Translator.ShowCardModal(Data.Triage(Resolved, Now), 0, Meta));
        Assert.Null(Translator.ShowCardModal(CardData.Notice("Done", "Nothing to do."), 0, Meta));
    }

    [Fact]
    public void A_modal_submits_the_positive_action_and_keeps_the_other_actions_as_buttons()
    {
        var intake = Translator.Modal(Intake.Questions(Session(Answers), new Dictionary<string, string>()), Meta);
        Assert.Equal("Continue", Text(intake["submit"]!["text"]));
        Assert.Equal("intake.next", Text(intake["callback_id"]));
        Assert.Equal(["intake.cancel#1"], Buttons(intake));

        var preview = Translator.Modal(Intake.Preview(Session(Answers), Now, Paged), Meta);
        Assert.Equal("Join SUP-000046", Text(preview["submit"]!["text"]));
        Assert.Equal(["intake.submit#1", "intake.edit#2", "intake.cancel#3"], Buttons(preview));

        // Without a positive action the first one submits.
        var escalate = Translator.Modal(Messages().First(m => m.Message.Template == EngineCards.Escalate).Message, Meta);
        Assert.Equal("Escalate", Text(escalate["submit"]!["text"]));
        Assert.Empty(Buttons(escalate));
    }

    [Fact]
    public void A_modal_is_titled_with_the_first_text_of_the_card_cut_to_24_characters()
    {
        var modal = Translator.Modal(Messages().First(m => m.Message.Template == EngineCards.Escalate).Message, Meta);

        Assert.Equal("Escalate SUP-000042 to …", Text(modal["title"]!["text"]));
        Assert.Equal("Cancel", Text(modal["close"]!["text"]));
    }

    [Fact]
    public void A_card_without_actions_becomes_a_modal_with_only_a_close_button()
    {
        var modal = Translator.Modal(CardData.Notice("Report cancelled", "Nothing was opened."), Meta);

        Check(modal);
        Assert.Null(modal["submit"]);
        Assert.Null(modal["callback_id"]);
        Assert.Null(SlackCardTranslator.SubmitAction(Text(modal["private_metadata"])));
        Assert.True(JsonNode.DeepEquals(Meta, SlackCardTranslator.Metadata(Text(modal["private_metadata"]))));
    }

    [Fact]
    public void Metadata_that_would_make_private_metadata_longer_than_3000_characters_is_refused()
    {
        var message = Intake.Questions(Session(Answers), new Dictionary<string, string>());

        var e = Assert.Throws<ArgumentException>(() => Translator.Modal(message, new JsonObject { ["big"] = new string('x', 3000) }));
        Assert.Equal("metadata", e.ParamName);
        Assert.Throws<ArgumentException>(() => Translator.ShowCardModal(Data.Triage(Unclaimed, Now), 0, new JsonObject { ["big"] = new string('x', 3000) }));
    }

    [Fact]
    public void Intake_with_a_validation_error_has_an_input_block_named_after_each_question()
    {
        var answers = new Dictionary<string, string>(Answers) { ["users"] = "lots" };
        var errors = IntakeFlow.Validate(IntakeFlow.Visible(SupportBot.Tests.Cards.CardSamples.Policy, answers), answers);
        var message = Intake.Questions(Session(answers), errors);

        var modal = Translator.Modal(message, Meta);

        Check(modal);
        var inputs = modal["blocks"]!.AsArray().Where(b => Text(b!["type"]) == "input").ToList();
        var questions = message.Data["questions"]!.AsArray().Select(q => Text(q!["id"])).ToList();
        Assert.Equal(questions, inputs.Select(b => Text(b!["block_id"])));
        Assert.Equal(questions, inputs.Select(b => Text(b!["element"]!["action_id"])));
        Assert.Contains("users", questions);
        Assert.Contains(Mrkdwn(modal), t => t == errors["users"]);
    }

    [Fact]
    public void Intake_questions_become_the_matching_Slack_input_elements()
    {
        var modal = Translator.Modal(Intake.Questions(Session(Answers), new Dictionary<string, string>()), Meta);
        JsonNode Element(string id) => modal["blocks"]!.AsArray().Single(b => Text(b!["block_id"]) == id)!["element"]!;

        Assert.Equal("static_select", Text(Element("category")["type"]));
        Assert.Equal("outage", Text(Element("category")["initial_option"]!["value"]));
        Assert.Equal("Service down", Text(Element("category")["initial_option"]!["text"]!["text"]));
        Assert.Equal("plain_text_input", Text(Element("title")["type"]));
        Assert.Equal(120, Element("title")["max_length"]!.GetValue<int>());
        Assert.True(Element("description")["multiline"]!.GetValue<bool>());
        Assert.Equal("radio_buttons", Text(Element("production")["type"]));
        Assert.Equal("yes", Text(Element("production")["initial_option"]!["value"]));
        Assert.Equal("number_input", Text(Element("users")["type"]));
        Assert.False(Element("users")["is_decimal_allowed"]!.GetValue<bool>());
        Assert.Equal("250", Text(Element("users")["initial_value"]));
        Assert.Equal("email_text_input", Text(Element("email")["type"]));
        Assert.Equal("plain_text_input", Text(Element("phone")["type"]));
        Assert.Equal("datepicker", Text(Element("started")["type"]));
        Assert.Equal("2026-03-02", Text(Element("started")["initial_date"]));
        var optional = modal["blocks"]!.AsArray().Where(b => Text(b!["type"]) == "input")
            .ToDictionary(b => Text(b!["block_id"])!, b => b!["optional"]!.GetValue<bool>());
        Assert.False(optional["title"]);
        Assert.True(optional["customer"]);
    }

    [Fact]
    public void Slack_adds_optional_to_labels_itself_so_the_card_s_own_is_dropped()
    {
        var label = Translator.Modal(Data.Resolved(Resolved, Now), Meta)["blocks"]!.AsArray()
            .Single(b => Text(b!["block_id"]) == "comment")!["label"]!["text"];

        Assert.Equal("Comment", Text(label));
    }

    private static List<string?> Buttons(JsonObject view) =>
        [.. Objects(view).Where(o => Text(o["type"]) == "button").Select(o => Text(o["action_id"]))];
}
