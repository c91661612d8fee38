using System.Text.Json.Nodes;
using SupportBot.Cards;
using SupportBot.Core.Channels;

namespace SupportBot.Slack.BlockKit;

/// <summary>
/// Turns the Adaptive Card of an <see cref="OutboundMessage"/> into Block Kit (DESIGN.md §6): a message, a
/// modal of the whole card, a modal of one Action.ShowCard, or a Home tab; and reads back what Slack sends
/// when a button is clicked or a modal submitted. Cards are rendered without escaping and every string is
/// escaped here as it is placed into mrkdwn, so nobody can inject mentions or links through a case.
/// Limits: https://docs.slack.dev/reference/block-kit/blocks ; views: https://docs.slack.dev/reference/views.
/// </summary>
public sealed class SlackCardTranslator(CardLibrary library) : ISlackRenderer
{
    private const string DefaultTitle = "SupportBot";
    private const string CloseTitle = "Cancel";

    private readonly CardLibrary library = library ?? throw new ArgumentNullException(nameof(library));

    /// <summary>
    /// Blocks for <c>chat.postMessage</c> / <c>chat.update</c>, at most 50, with the escaped fallback text; a card
    /// longer than that also gives the blocks of thread replies that carry the rest.
    /// </summary>
    public SlackMessage Message(OutboundMessage message) => Fitted(message, BlockFitter.ThreadNote);

    /// <summary>
    /// Blocks for <c>chat.postEphemeral</c> or a command's answer: like <see cref="Message"/>, but what does not fit
    /// follows as further ephemerals below it (an ephemeral message has no thread), and its note says so.
    /// </summary>
    public SlackMessage Ephemeral(OutboundMessage message) => Fitted(message, BlockFitter.BelowNote);

    private SlackMessage Fitted(OutboundMessage message, string note)
    {
        var blocks = new CardBlocks(Render(message));
        var (fitted, rest) = BlockFitter.FitMessage(blocks.Body, blocks.ActionBlocks, note);
        return new SlackMessage(SlackText.TruncateMrkdwn(SlackText.Escape(message.Text), BlockKitLimits.FallbackText), fitted, rest);
    }

    /// <summary>
    /// The whole card as a <c>views.open</c> view. Its submit button is the card's primary Action.Execute; the
    /// other actions stay buttons inside the view. <paramref name="metadata"/> comes back from
    /// <see cref="Metadata"/> on submission.
    /// </summary>
    /// <exception cref="ArgumentException">The metadata makes <c>private_metadata</c> longer than Slack allows.</exception>
    /// <exception cref="InvalidOperationException">A card bug: inputs with no Action.Execute to submit them, or ids Slack cannot take.</exception>
    public JsonObject Modal(OutboundMessage message, JsonObject metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var card = Render(message);
        var submit = CardJson.SubmitAction(card);
        var blocks = new CardBlocks(card, leaveOut: submit);
        return View(CardJson.FirstText(card), [.. blocks.Body], blocks.ActionBlocks, submit, metadata);
    }

    /// <summary>
    /// The <paramref name="index"/>-th Action.ShowCard of the card (document order, as on the <c>showcard#i</c>
    /// buttons) as a modal whose submit is the ShowCard's Action.Execute; null when there is no such ShowCard.
    /// </summary>
    /// <exception cref="ArgumentException">The metadata makes <c>private_metadata</c> longer than Slack allows.</exception>
    /// <exception cref="InvalidOperationException">A card bug: inputs with no Action.Execute to submit them, or ids Slack cannot take.</exception>
    public JsonObject? ShowCardModal(OutboundMessage message, int index, JsonObject metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var card = Render(message);
        var showCards = new CardBlocks(card).ShowCards;
        if (index < 0 || index >= showCards.Count)
        {
            return null;
        }

        var inner = showCards[index]["card"] as JsonObject ?? [];
        var submit = CardJson.SubmitAction(inner);
        var blocks = new CardBlocks(inner, leaveOut: submit);
        var body = blocks.Body.ToList();
        if (CardJson.FirstText(card) is { } about)
        {
            // Says which case the form is about: the modal title only has room for the ShowCard's title.
            body.Insert(0, new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray(SlackText.Mrkdwn(SlackText.FromAdaptive(about), BlockKitLimits.ContextText)),
            });
        }

        return View(CardJson.Text(showCards[index], "title") ?? CardJson.FirstText(inner), body, blocks.ActionBlocks, submit, metadata);
    }

    /// <summary>A Home tab view (<c>views.publish</c>), at most 100 blocks.</summary>
    public JsonObject Home(OutboundMessage message)
    {
        var blocks = new CardBlocks(Render(message));
        return new JsonObject { ["type"] = "home", ["blocks"] = BlockFitter.Fit(blocks.Body, blocks.ActionBlocks, BlockKitLimits.ViewBlocks) };
    }

    /// <summary>Whether the card body asks for input (inputs inside Action.ShowCards do not count).</summary>
    public static bool HasInputs(OutboundMessage message, CardLibrary library)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(library);
        var card = library.Render(message.Template, message.Data, RawText.Instance);
        return CardJson.BodyElements(card["body"]).Any(e => CardJson.Type(e).StartsWith("Input.", StringComparison.Ordinal));
    }

    /// <summary>
    /// What a clicked button means, from its <c>action_id</c> and <c>value</c> (slack-protocol.md §4.2); null for
    /// a button that is not one of ours. A ShowCard button gives verb <c>showcard</c> and data with its
    /// <c>index</c> for <see cref="ShowCardModal"/>.
    /// </summary>
    public static SlackAction? ButtonAction(string actionId, string? value)
    {
        ArgumentNullException.ThrowIfNull(actionId);
        return SlackButtons.Decode(actionId, value);
    }

    /// <summary><c>view.state.values</c> as input id → answer; empty inputs are left out.</summary>
    public static IReadOnlyDictionary<string, string> ReadState(JsonObject? stateValues) => SlackViewState.Read(stateValues);

    /// <summary>The card action a submitted modal stands for, from its <c>private_metadata</c>; null if there is none.</summary>
    public static SlackAction? SubmitAction(string? privateMetadata) => SlackModalMetadata.Submit(privateMetadata);

    /// <summary>The caller's metadata given to <see cref="Modal"/> or <see cref="ShowCardModal"/>.</summary>
    public static JsonObject? Metadata(string? privateMetadata) => SlackModalMetadata.Meta(privateMetadata);

    private JsonObject Render(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return library.Render(message.Template, message.Data, RawText.Instance);
    }

    private static JsonObject View(string? title, List<JsonObject> body, IReadOnlyList<JsonObject> actions, JsonObject? submit, JsonObject metadata)
    {
        if (submit is null && body.Concat(actions).Any(b => CardJson.Type(b) == "input"))
        {
            throw new InvalidOperationException("The card has inputs but no Action.Execute to send them; a Slack modal with inputs needs a submit button.");
        }

        var view = new JsonObject { ["type"] = "modal" };
        if (submit is not null)
        {
            // The verb is what the submission does: as with a button's, a blank or cut one would do something else.
            var verb = CardJson.Text(submit, "verb") ?? "";
            view["callback_id"] = verb.Trim().Length is > 0 && verb.Length <= BlockKitLimits.CallbackId
                ? verb
                : throw new InvalidOperationException($"The form's submit action has the verb '{verb}', which cannot be a Slack callback_id (1 to {BlockKitLimits.CallbackId} characters).");
        }

        view["title"] = SlackText.Plain(string.IsNullOrWhiteSpace(title) ? DefaultTitle : title.Trim(), BlockKitLimits.ViewTitle);
        if (submit is not null)
        {
            var label = CardJson.Text(submit, "title")?.Trim() is { Length: > 0 } t ? t : "Submit";
            view["submit"] = SlackText.Plain(label, BlockKitLimits.ViewTitle);
        }

        view["close"] = SlackText.Plain(CloseTitle, BlockKitLimits.ViewTitle);
        view["blocks"] = BlockFitter.Fit(body, actions, BlockKitLimits.ViewBlocks);
        view["private_metadata"] = SlackModalMetadata.Write(submit, metadata);
        return view;
    }
}
