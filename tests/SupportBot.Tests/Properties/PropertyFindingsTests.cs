using System.Text.Json.Nodes;
using SupportBot.Cards;
using SupportBot.Core.Channels;
using SupportBot.Policy;
using SupportBot.Slack.BlockKit;
using SupportBot.Slack.Inbound;
using SupportBot.Teams.Inbound;
using SupportBot.Teams.Memory;

namespace SupportBot.Tests.Properties;

/// <summary>One example of each input the property tests found escaping its parser or Slack's limits.</summary>
public sealed class PropertyFindingsTests
{
    private static readonly SlackCardTranslator Translator = new(Properties.Cards.Library);

    [Fact]
    public void A_policy_key_without_a_name_is_a_syntax_error_on_its_line_not_an_exception()
    {
        var result = PolicyLoader.Parse("questions:\n    : NaN", "p.yml");

        var error = Assert.Single(result.Errors);
        Assert.Null(result.Policy);
        Assert.True(error.Line >= 1);
        Assert.StartsWith("YAML syntax error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Slack_envelope_whose_authorizations_is_an_object_still_gives_its_direct_message()
    {
        var envelope = Payloads.SlackEvents()[0];
        envelope["authorizations"] = new JsonObject { ["user_id"] = "U0BOT" };

        Assert.IsType<MessageReceived>(SlackEvents.Parse(envelope));
    }

    [Fact]
    public void A_Teams_activity_whose_conversation_from_or_channelData_is_not_an_object_is_nothing()
    {
        var activity = Payloads.TeamsActivities()[1];
        activity["conversation"] = "19:triage";
        activity["channelData"] = new JsonArray(1);

        Assert.Null(TeamsActivityParser.Parse(activity));
        Assert.Null(TeamEvent.Parse(activity));
    }

    [Fact]
    public void A_button_value_or_private_metadata_with_a_lone_surrogate_reads_as_nothing()
    {
        // Built in code: xUnit's theory data would turn the lone surrogates into U+FFFD.
        foreach (var text in new[] { "\ud800", "{\"case\":\"\udc00\"}" })
        {
            Assert.Null(SlackCardTranslator.ButtonAction("case.claim#0", text));
            Assert.Null(SlackCardTranslator.SubmitAction(text));
            Assert.Null(SlackCardTranslator.Metadata(text));
        }
    }

    [Fact]
    public void A_template_with_a_number_too_large_or_text_that_is_not_Unicode_is_a_template_error()
    {
        Assert.Throws<CardTemplateException>(() => CardTemplate.Parse("t", """{ "type": "AdaptiveCard", "body": [ { "type": "TextBlock", "text": "${99999999999999999999999999999999}" } ] }"""));
        Assert.Throws<CardTemplateException>(() => CardTemplate.Parse("t", "{ \"type\": \"AdaptiveCard\", \"x\": \"\ud800\" }"));
    }

    [Fact]
    public void A_card_input_id_longer_than_Slack_allows_is_refused_as_a_card_bug()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Translator.Message(Card(Input(new string('q', 256)))));

        Assert.Contains("block_id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_card_with_two_inputs_of_one_id_is_refused_as_a_card_bug()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Translator.Message(Card(Input("title"), Input("title"))));

        Assert.Contains("'title' twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_input_label_shows_the_id_and_blank_choice_titles_show_their_value()
    {
        var input = Input("category", "Input.ChoiceSet");
        input["label"] = "   ";
        input["choices"] = new JsonArray(new JsonObject { ["title"] = " ", ["value"] = "login" });

        var block = Translator.Message(Card(input)).Blocks[0]!;

        Assert.Equal("category", block["label"]!["text"]!.GetValue<string>());
        Assert.Equal("login", block["element"]!["options"]![0]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void A_card_with_inputs_and_nothing_to_submit_them_cannot_be_a_modal()
    {
        Assert.Throws<InvalidOperationException>(() => Translator.Modal(Card(Input("title")), []));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void A_form_whose_submit_action_has_a_blank_verb_cannot_be_a_modal(string verb)
    {
        var message = Card(Input("title"));
        message.Data["actions"]!.AsArray().Add(new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["title"] = "Send" });

        Assert.Throws<InvalidOperationException>(() => Translator.Modal(message, []));
    }

    private static OutboundMessage Card(params JsonObject[] body) =>
        new(Properties.Cards.PassThrough, new JsonObject { ["body"] = new JsonArray(body), ["actions"] = new JsonArray() }, "A card");

    private static JsonObject Input(string id, string type = "Input.Text") => new() { ["type"] = type, ["id"] = id, ["label"] = "Label" };
}
