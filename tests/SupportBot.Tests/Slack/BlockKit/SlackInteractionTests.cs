using System.Text.Json.Nodes;
using SupportBot.Cards;
using SupportBot.Core.Engine;
using SupportBot.Slack.BlockKit;
using static SupportBot.Tests.Cards.CardSamples;
using static SupportBot.Tests.Slack.BlockKit.SlackLimits;

namespace SupportBot.Tests.Slack.BlockKit;

/// <summary>Reading back clicked buttons, submitted modals and their input state.</summary>
public sealed class SlackInteractionTests
{
    private static readonly CardLibrary Library = CardLibrary.Load(CardLibrary.DefaultFolder());
    private static readonly SlackCardTranslator Translator = new(Library);

    [Fact]
    public void Every_button_of_every_sample_message_decodes_to_its_card_action()
    {
        foreach (var (label, message) in Messages())
        {
            var card = Library.Render(message.Template, message.Data, RawText.Instance);
            var expected = (card["actions"] as JsonArray ?? []).Select(a => a!.AsObject()).Select(a => Text(a["type"]) == "Action.Execute"
                ? (Text(a["verb"])!, a["data"]!.ToJsonString())
                : ("showcard", FirstExecuteData(a))).ToList();

            var decoded = Objects(Translator.Message(message).Blocks).Where(o => Text(o["type"]) == "button")
                .Select(b => SlackCardTranslator.ButtonAction(Text(b["action_id"])!, Text(b["value"])))
                .Select(a => (a!.Verb, Without(a.Data, "index").ToJsonString())).ToList();

            Assert.True(expected.SequenceEqual(decoded), $"{label}: {string.Join(", ", decoded)}");
        }
    }

    [Fact]
    public void A_ShowCard_button_decodes_to_showcard_with_its_index_and_the_case()
    {
        var message = Data.Triage(Unclaimed, Now);
        var button = Objects(Translator.Message(message).Blocks).Single(o => Text(o["action_id"]) == "showcard#1");

        var action = SlackCardTranslator.ButtonAction(Text(button["action_id"])!, Text(button["value"]))!;

        Assert.Equal("showcard", action.Verb);
        Assert.Equal("1", Text(action.Data["index"]));
        Assert.Equal(Unclaimed.Id, Text(action.Data[Verbs.CaseKey]));
        var modal = Translator.ShowCardModal(message, int.Parse(Text(action.Data["index"])!, System.Globalization.CultureInfo.InvariantCulture), [])!;
        Assert.Equal("Ask reporter", Text(modal["title"]!["text"]));
    }

    [Theory]
    [InlineData("case.claim", "{\"case\":\"c-1\"}")]
    [InlineData("case.claim#x", "{\"case\":\"c-1\"}")]
    [InlineData("#3", "{}")]
    [InlineData("case.claim#1", "not json")]
    [InlineData("case.claim#1", "[1, 2]")]
    [InlineData("overflow_1", null)]
    public void A_button_that_is_not_ours_decodes_to_nothing(string actionId, string? value)
    {
        Assert.Null(SlackCardTranslator.ButtonAction(actionId, value));
    }

    [Fact]
    public void A_verb_with_a_hash_decodes_up_to_the_last_one()
    {
        var action = SlackCardTranslator.ButtonAction("odd#verb#12", null)!;

        Assert.Equal("odd#verb", action.Verb);
        Assert.Empty(action.Data);
    }

    [Fact]
    public void A_submitted_modal_gives_back_the_submit_action_and_the_caller_s_metadata()
    {
        var message = Intake.Questions(Session(Answers), new Dictionary<string, string>());
        var meta = new JsonObject { ["channel"] = "D0REPORTER", ["session"] = "s-1" };

        var privateMetadata = Text(Translator.Modal(message, meta)["private_metadata"]);

        var submit = SlackCardTranslator.SubmitAction(privateMetadata)!;
        Assert.Equal(Verbs.IntakeNext, submit.Verb);
        Assert.Equal(Text(message.Data[Verbs.ShownKey]), Text(submit.Data[Verbs.ShownKey]));
        Assert.True(JsonNode.DeepEquals(meta, SlackCardTranslator.Metadata(privateMetadata)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"case\":\"draft-77\",\"from\":\"C0GEN\"}")]
    public void Metadata_that_is_not_ours_gives_no_submit_action_and_no_metadata(string? privateMetadata)
    {
        Assert.Null(SlackCardTranslator.SubmitAction(privateMetadata));
        Assert.Null(SlackCardTranslator.Metadata(privateMetadata));
    }

    [Fact]
    public void Read_state_reads_each_element_type_of_a_view_submission()
    {
        // view.state.values from shared/reference/slack-protocol.md §4.3.
        var values = JsonNode.Parse("""
            {
              "title":    {"title_in":  {"type": "plain_text_input", "value": "Printer on fire"}},
              "severity": {"sev_in":    {"type": "static_select", "selected_option": {"text": {"type": "plain_text", "text": "Sev 1"}, "value": "1"}}},
              "impact":   {"impact_in": {"type": "radio_buttons", "selected_option": {"text": {"type": "plain_text", "text": "Whole office"}, "value": "office"}}},
              "flags":    {"flags_in":  {"type": "checkboxes", "selected_options": [{"text": {"type": "mrkdwn", "text": "Data loss"}, "value": "dataloss"}]}},
              "due":      {"due_in":    {"type": "datepicker", "selected_date": "2026-01-02"}},
              "owner":    {"owner_in":  {"type": "users_select", "selected_user": "U0AGENT"}},
              "watchers": {"watch_in":  {"type": "multi_users_select", "selected_users": ["U0A", "U0B"]}},
              "count":    {"count_in":  {"type": "number_input", "value": "12"}},
              "email":    {"email_in":  {"type": "email_text_input", "value": "jdoe@example.com"}},
              "link":     {"link_in":   {"type": "url_text_input", "value": "https://status.example.com"}}
            }
            """)!.AsObject();

        var state = SlackCardTranslator.ReadState(values);

        Assert.Equal(new Dictionary<string, string>
        {
            ["title_in"] = "Printer on fire",
            ["sev_in"] = "1",
            ["impact_in"] = "office",
            ["flags_in"] = "dataloss",
            ["due_in"] = "2026-01-02",
            ["owner_in"] = "U0AGENT",
            ["watch_in"] = "U0A,U0B",
            ["count_in"] = "12",
            ["email_in"] = "jdoe@example.com",
            ["link_in"] = "https://status.example.com",
        }, state);
    }

    [Fact]
    public void Read_state_leaves_out_empty_and_unknown_inputs()
    {
        var values = JsonNode.Parse("""
            {
              "a": {"a": {"type": "plain_text_input", "value": null}},
              "b": {"b": {"type": "static_select", "selected_option": null}},
              "c": {"c": {"type": "datepicker", "selected_date": null}},
              "d": {"d": {"type": "users_select"}},
              "e": {"e": {"type": "multi_users_select", "selected_users": []}},
              "f": {"f": {"type": "file_input", "files": []}},
              "g": "not an object"
            }
            """)!.AsObject();

        Assert.Empty(SlackCardTranslator.ReadState(values));
        Assert.Empty(SlackCardTranslator.ReadState(null));
    }

    [Fact]
    public void Answers_given_in_the_intake_modal_come_back_as_the_answers()
    {
        var modal = Translator.Modal(Intake.Questions(Session(Answers), new Dictionary<string, string>()), []);

        var state = SlackCardTranslator.ReadState(SubmittedState(modal));

        Assert.Equal(Answers.OrderBy(a => a.Key, StringComparer.Ordinal), state.OrderBy(a => a.Key, StringComparer.Ordinal));
    }

    /// <summary>What Slack would send for a view submitted without changes: each input keeps its initial value.</summary>
    private static JsonObject SubmittedState(JsonObject view)
    {
        var values = new JsonObject();
        foreach (var block in view["blocks"]!.AsArray().Select(b => b!.AsObject()).Where(b => Text(b["type"]) == "input"))
        {
            var element = block["element"]!.AsObject();
            var type = Text(element["type"])!;
            var state = new JsonObject { ["type"] = type };
            switch (type)
            {
                case "static_select" or "radio_buttons":
                    state["selected_option"] = element["initial_option"]?.DeepClone();
                    break;
                case "datepicker":
                    state["selected_date"] = Text(element["initial_date"]);
                    break;
                default:
                    state["value"] = Text(element["initial_value"]);
                    break;
            }

            values[Text(block["block_id"])!] = new JsonObject { [Text(element["action_id"])!] = state };
        }

        return values;
    }

    private static string FirstExecuteData(JsonObject showCard) =>
        showCard["card"]!["actions"]!.AsArray().First(a => Text(a!["type"]) == "Action.Execute")!["data"]!.ToJsonString();

    private static JsonObject Without(JsonObject data, string key)
    {
        var copy = data.DeepClone().AsObject();
        copy.Remove(key);
        return copy;
    }
}
