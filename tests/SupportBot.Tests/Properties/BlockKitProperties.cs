using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using SupportBot.Core.Channels;
using SupportBot.Slack.BlockKit;
using SupportBot.Tests.Cards;
using SupportBot.Tests.Slack.BlockKit;

namespace SupportBot.Tests.Properties;

/// <summary>
/// Any card, as a message, a Home tab, a modal or a ShowCard's modal, is Block Kit within Slack's limits
/// (<see cref="SlackLimits"/>: block counts, text lengths, unique action and block ids), or is refused
/// with the translator's documented errors: <see cref="InvalidOperationException"/> for a card whose ids
/// cannot be Slack ids, <see cref="ArgumentException"/> for metadata past private_metadata's 3000.
/// </summary>
public sealed class BlockKitProperties
{
    private static readonly SlackCardTranslator Translator = new(Properties.Cards.Library);
    private static readonly JsonObject Meta = new() { ["channel"] = "C0TRIAGE", ["ts"] = "1.2" };

    [Fact]
    public void Any_card_translates_within_Slack_limits_or_is_refused_as_a_card_bug() =>
        Property.Check(Properties.Cards.Messages, 80, FitsOrIsRefused);

    [Fact]
    public void Every_card_in_cards_with_hostile_text_in_real_data_translates_within_Slack_limits() =>
        Property.Check(RealCardsWithHostileText, 150, FitsOrIsRefused);

    private static Gen<OutboundMessage> RealCardsWithHostileText { get; } =
        from sample in Gen.Elements([.. CardSamples.Messages().Select(m => m.Message)])
        from data in Junk.Mutations(sample.Data)
        from text in Junk.Text
        select sample with { Data = data, Text = text };

    private static void FitsOrIsRefused(OutboundMessage message)
    {
        Translate(() =>
        {
            var slack = Translator.Message(message);
            Assert.InRange(slack.Text.Length, 0, 3000);
            CheckBlocks(slack.Blocks, "message");
        });
        Translate(() => CheckView(Translator.Home(message), "home"));
        Translate(() => CheckView(Translator.Modal(message, Meta), "modal"));
        for (var i = 0; i < 3; i++)
        {
            Translate(() =>
            {
                if (Translator.ShowCardModal(message, i, Meta) is { } modal)
                {
                    CheckView(modal, $"showcard {i}");
                }
            });
        }
    }

    // An empty card gives no blocks: nothing to check but that nothing was made up.
    private static void CheckBlocks(JsonArray blocks, string label)
    {
        if (blocks.Count > 0)
        {
            SlackLimits.Check(blocks, label);
        }
    }

    private static void CheckView(JsonObject view, string label)
    {
        if (view["blocks"] is JsonArray { Count: > 0 })
        {
            SlackLimits.Check(view, label);
        }
    }

    private static void Translate(Action translate)
    {
        try
        {
            translate();
        }
        catch (InvalidOperationException e)
        {
            // A card bug (an id Slack cannot take) is refused whole, with the reason.
            Assert.Contains("Slack", e.Message, StringComparison.Ordinal);
        }
        catch (ArgumentException e) when (e.ParamName == "metadata")
        {
            Assert.Contains("private_metadata", e.Message, StringComparison.Ordinal);
        }
    }
}
