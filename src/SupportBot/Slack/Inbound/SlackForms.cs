using System.Globalization;
using System.Text.Json.Nodes;
using SupportBot.Cards;
using SupportBot.Core.Channels;
using SupportBot.Slack.BlockKit;

namespace SupportBot.Slack.Inbound;

/// <summary>
/// A modal opens only from a click (its trigger_id). This knows which cards are forms, and finds the
/// form a "Show card" button in a message asks for (Change severity, Resolve…).
/// </summary>
public sealed class SlackForms(CardLibrary library, SlackCardTranslator cards, SlackMessageStore messages)
{
    public const string ShowCardVerb = "showcard";

    public bool IsForm(OutboundMessage card) => SlackCardTranslator.HasInputs(card, library);

    public JsonObject? FormFor(SlackAction clicked, string channel, string? ts)
    {
        ArgumentNullException.ThrowIfNull(clicked);
        if (clicked.Verb != ShowCardVerb || ts is null || messages.Find(channel, ts) is not { } shown)
        {
            return null;
        }
        var meta = new JsonObject { ["channel"] = channel, ["ts"] = ts };
        return int.TryParse(clicked.Data["index"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? cards.ShowCardModal(shown, index, meta)
            : null;
    }
}
