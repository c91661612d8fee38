using System.Globalization;
using System.Text.Json.Nodes;

namespace SupportBot.Slack.BlockKit;

/// <summary>
/// Card actions as buttons. A button's <c>action_id</c> is <c>{verb}#{n}</c>, n being the action's position
/// among the card's actions (so ids stay unique when two buttons share a verb), and its <c>value</c> is the
/// action's data as compact JSON. An Action.ShowCard becomes <c>showcard#{i}</c> (the i-th ShowCard) carrying
/// the data of the first Action.Execute inside it, which is where the case id lives.
/// See https://docs.slack.dev/reference/block-kit/block-elements/button-element.
/// </summary>
internal static class SlackButtons
{
    public const string ShowCardVerb = "showcard";
    public const string IndexKey = "index";

    public static JsonObject Execute(JsonObject action, int index)
    {
        var verb = CardJson.Text(action, "verb") ?? "";
        return Button(CardJson.Text(action, "title"), verb, index, CardJson.Data(action), Style(action));
    }

    public static JsonObject ShowCard(JsonObject action, int index)
    {
        var inner = action["card"] is JsonObject card
            ? CardJson.Actions(card).FirstOrDefault(a => CardJson.Type(a) == "Action.Execute")
            : null;
        return Button(CardJson.Text(action, "title"), ShowCardVerb, index, inner is null ? [] : CardJson.Data(inner), null);
    }

    /// <summary>Decodes <see cref="Execute"/> and <see cref="ShowCard"/> buttons; null for anything else.</summary>
    public static SlackAction? Decode(string actionId, string? value)
    {
        var hash = actionId.LastIndexOf('#');
        if (hash <= 0 || !int.TryParse(actionId.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return null;
        }

        var data = string.IsNullOrEmpty(value) ? [] : CardJson.ReadObject(value);
        if (data is null)
        {
            return null;
        }

        var verb = actionId[..hash];
        if (verb == ShowCardVerb)
        {
            data[IndexKey] = index.ToString(CultureInfo.InvariantCulture);
        }

        return new SlackAction(verb, data);
    }

    private static JsonObject Button(string? title, string verb, int index, JsonObject data, string? style)
    {
        var actionId = $"{verb}#{index.ToString(CultureInfo.InvariantCulture)}";
        if (string.IsNullOrWhiteSpace(verb) || actionId.Length > BlockKitLimits.ActionId)
        {
            throw new InvalidOperationException($"A card action has the verb '{verb}', which cannot be a Slack action_id (1 to {BlockKitLimits.ActionId} characters).");
        }

        var value = CardJson.Write(data);
        if (value.Length > BlockKitLimits.ButtonValue)
        {
            // Card data carries ids, never content, so this is a card bug rather than something to cut.
            throw new InvalidOperationException(
                $"The data of the '{verb}' button is {value.Length} characters of JSON; a Slack button value holds {BlockKitLimits.ButtonValue}.");
        }

        var button = new JsonObject
        {
            ["type"] = "button",
            ["text"] = SlackText.Plain(string.IsNullOrWhiteSpace(title) ? verb : title.Trim(), BlockKitLimits.ButtonText),
            ["action_id"] = actionId,
            ["value"] = value,
        };
        if (style is not null)
        {
            button["style"] = style;
        }

        return button;
    }

    private static string? Style(JsonObject action) =>
        CardJson.Is(action, "style", "positive") ? "primary" : CardJson.Is(action, "style", "destructive") ? "danger" : null;
}
