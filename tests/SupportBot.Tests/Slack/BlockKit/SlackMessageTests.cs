using System.Text.Json.Nodes;
using NodaTime;
using SupportBot.Cards;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Slack.BlockKit;
using static SupportBot.Tests.Cards.CardSamples;
using static SupportBot.Tests.Slack.BlockKit.SlackLimits;
using EngineCards = SupportBot.Core.Engine.Cards;

namespace SupportBot.Tests.Slack.BlockKit;

/// <summary>Cards from <c>cards/</c> as Slack messages and Home tabs.</summary>
public sealed class SlackMessageTests
{
    private static readonly CardLibrary Library = CardLibrary.Load(CardLibrary.DefaultFolder());
    private static readonly SlackCardTranslator Translator = new(Library);

    [Fact]
    public void Every_sample_message_of_every_template_translates_to_a_message_within_Slack_limits()
    {
        foreach (var (label, message) in Messages())
        {
            var slack = Translator.Message(message);

            Check(slack.Blocks, label);
            Assert.False(string.IsNullOrWhiteSpace(slack.Text), label);
            Assert.True(slack.Text.Length <= 3000, label);
        }
    }

    [Fact]
    public void Queue_card_translates_to_a_Home_tab_within_Slack_limits()
    {
        var home = Translator.Home(Data.Queue([Unclaimed, Claimed, Paged], Now, "Open cases"));

        Check(home, "home");
        Assert.Equal("home", Text(home["type"]));
        Assert.Equal("Open cases (3)", Text(home["blocks"]![0]!["text"]!["text"]));
        Assert.Contains(Mrkdwn(home), t => t.Contains("SUP-000046", StringComparison.Ordinal));
    }

    [Fact]
    public void A_full_queue_fits_in_one_message_with_every_case_on_it()
    {
        var cases = Enumerable.Range(1, 40).Select(i => Claimed with { Id = $"c-{i}", Number = $"SUP-{i:000000}" }).ToList();

        var blocks = Translator.Message(Data.Queue(cases, Now, "Open cases")).Blocks;

        Check(blocks);
        var text = string.Join("\n", Mrkdwn(blocks));
        Assert.All(cases.Take(CardData.QueueCardLimit), c => Assert.Contains(c.Number, text, StringComparison.Ordinal));
        Assert.Contains("15 more", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_case_log_too_long_for_one_message_is_cut_with_a_note()
    {
        var events = Enumerable.Range(0, 1000)
            .Select(i => new CaseEvent(Unclaimed.Id, T0 + Duration.FromMinutes(i), Agent.Key, Agent.Name, "note", $"Note {i}: {new string('x', 200)}", new Dictionary<string, string>()))
            .ToList();

        var blocks = Translator.Message(Data.Status(Unclaimed, events, Now)).Blocks;

        Check(blocks);
        Assert.Equal(50, blocks.Count);
        Assert.Contains("Shortened to fit in Slack", Mrkdwn(blocks[^1]).Single(), StringComparison.Ordinal);
        Assert.Contains(Mrkdwn(blocks), t => t.Contains("Note 0:", StringComparison.Ordinal));
    }

    [Fact]
    public void Triage_card_has_a_header_its_facts_as_fields_and_a_button_for_every_action()
    {
        var blocks = Translator.Message(Data.Triage(Unclaimed, Now)).Blocks;

        Assert.Equal("header", Text(blocks[0]!["type"]));
        Assert.Equal("SUP-000042 · Severity 1", Text(blocks[0]!["text"]!["text"]));
        Assert.Equal("*Checkout fails with 500*", Text(blocks[1]!["text"]!["text"]));
        var fields = blocks.Where(b => b!["fields"] is not null).SelectMany(b => b!["fields"]!.AsArray()).Select(f => Text(f!["text"])).ToList();
        Assert.Contains("*Status*\nNew", fields);
        Assert.Contains("*Owner*\nUnclaimed", fields);
        Assert.All(blocks.Where(b => b!["fields"] is not null), b => Assert.True(b!["fields"]!.AsArray().Count <= 10));
        var buttons = blocks.Single(b => Text(b!["type"]) == "actions")!["elements"]!.AsArray();
        Assert.Equal(
            ["case.claim#0", "showcard#0", "showcard#1", "showcard#2", "showcard#3", "showcard#4", "showcard#5"],
            buttons.Select(b => Text(b!["action_id"])));
        Assert.Equal(["Claim", "Change severity", "Ask reporter", "Post update", "Escalate tier", "Page next level", "Resolve"], buttons.Select(b => Text(b!["text"]!["text"])));
    }

    [Fact]
    public void Positive_actions_are_primary_buttons_and_destructive_ones_danger_buttons()
    {
        var buttons = Objects(Translator.Message(Data.Resolved(Resolved, Now)).Blocks).Where(o => Text(o["type"]) == "button").ToList();

        Assert.Equal(["primary", "danger", null], buttons.Select(b => Text(b["style"])));
    }

    [Fact]
    public void Adaptive_bold_becomes_Slack_bold_and_separators_become_dividers()
    {
        var blocks = Translator.Message(Data.Status(Unclaimed, Events(Unclaimed), Now)).Blocks;

        Assert.Contains(Mrkdwn(blocks), t => t.StartsWith("*Mon 2 Mar 09:00 GMT* · ", StringComparison.Ordinal));
        var log = blocks.Select(b => Mrkdwn(b).FirstOrDefault()).ToList().IndexOf("*Log*");
        Assert.Equal("divider", Text(blocks[log - 1]!["type"]));
        Assert.DoesNotContain(Mrkdwn(blocks), t => t.Contains("**", StringComparison.Ordinal));
    }

    [Fact]
    public void Subtle_text_is_context_and_monospace_text_a_code_span()
    {
        var blocks = Translator.Message(CardData.Help(Commands)).Blocks;

        Assert.Contains(blocks, b => Text(b!["type"]) == "section" && Text(b["text"]!["text"]) == "*`queue`*");
        Assert.Contains(blocks, b => Text(b!["type"]) == "context" && Mrkdwn(b).Single() == "List open cases by severity, then time of receipt.");
    }

    [Fact]
    public void A_form_posted_as_a_message_carries_its_inputs()
    {
        var blocks = Translator.Message(Data.AskReporter(Claimed, Now, "Which browser?", Agent.Name)).Blocks;

        var input = blocks.Single(b => Text(b!["type"]) == "input")!;
        Assert.Equal("reply", Text(input["block_id"]));
        Assert.Equal("plain_text_input", Text(input["element"]!["type"]));
        Assert.Equal(3000, input["element"]!["max_length"]!.GetValue<int>());
    }

    [Fact]
    public void Has_inputs_only_for_cards_that_ask_for_something_outside_ShowCards()
    {
        Assert.True(SlackCardTranslator.HasInputs(Intake.Questions(Session(Answers), new Dictionary<string, string>()), Library));
        Assert.True(SlackCardTranslator.HasInputs(Data.AskReporter(Claimed, Now, "Which browser?", Agent.Name), Library));
        Assert.False(SlackCardTranslator.HasInputs(Data.Triage(Unclaimed, Now), Library));
        Assert.False(SlackCardTranslator.HasInputs(CardData.Notice("Done", "Nothing to do."), Library));
    }

    [Fact]
    public void Fallback_text_is_the_message_text_escaped_and_cut_to_3000_characters()
    {
        var message = new OutboundMessage(EngineCards.Notice, new JsonObject { ["title"] = "t", ["text"] = "x" }, "a < b & c > d " + new string('y', 4000));

        var text = Translator.Message(message).Text;

        Assert.StartsWith("a &lt; b &amp; c &gt; d y", text, StringComparison.Ordinal);
        Assert.Equal(3000, text.Length);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_button_whose_data_is_longer_than_a_Slack_value_is_an_error()
    {
        var template = CardTemplate.Parse("big", $$"""
            { {{SupportBot.Tests.Cards.TestCards.Envelope}}, "body": [],
              "actions": [ { "type": "Action.Execute", "title": "Go", "verb": "case.claim", "data": { "case": "${id}" } } ] }
            """);
        var translator = new SlackCardTranslator(new CardLibrary([template]));

        var e = Assert.Throws<InvalidOperationException>(() =>
            translator.Message(new OutboundMessage("big", new JsonObject { ["id"] = new string('x', 2000) }, "big")));
        Assert.Contains("case.claim", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_button_whose_data_nests_deeper_than_JSON_is_read_back_is_an_error_naming_Slack()
    {
        var template = CardTemplate.Parse("deep", $$"""
            { {{SupportBot.Tests.Cards.TestCards.Envelope}}, "body": [],
              "actions": [ { "type": "Action.Execute", "title": "Go", "verb": "case.claim", "data": { "case": "${id}" } } ] }
            """);
        var translator = new SlackCardTranslator(new CardLibrary([template]));
        var deep = Properties.Junk.Deep(70, arrays: true);

        var e = Assert.Throws<InvalidOperationException>(() =>
            translator.Message(new OutboundMessage("deep", new JsonObject { ["id"] = deep }, "deep")));
        Assert.Contains("deeper than 64 levels", e.Message, StringComparison.Ordinal);
        Assert.Contains("Slack button value", e.Message, StringComparison.Ordinal);
    }
}
