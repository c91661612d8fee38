using System.Text.Json.Nodes;

namespace SupportBot.Slack.BlockKit;

/// <summary>
/// Walks one expanded Adaptive Card in document order and writes Block Kit blocks (DESIGN.md §6):
/// TextBlock → header, section or context; FactSet → sections of fields; Container and ColumnSet →
/// flattened; <c>separator</c> → divider; Input.* → input blocks; actions → buttons in actions blocks.
/// Colours, spacing, sizes below Medium and container styles have no Block Kit equivalent and are dropped.
/// </summary>
internal sealed class CardBlocks
{
    private readonly JsonObject? leaveOut;
    private readonly List<JsonObject> body = [];
    private readonly List<JsonObject> actions = [];
    private readonly List<JsonObject> showCards = [];
    private readonly HashSet<string> ids = new(StringComparer.Ordinal);
    private int actionCount;
    private bool divider;

    /// <param name="card">An expanded card.</param>
    /// <param name="leaveOut">An action not to show as a button: the one a modal's submit button stands for.</param>
    public CardBlocks(JsonObject card, JsonObject? leaveOut = null)
    {
        this.leaveOut = leaveOut;
        Items(card["body"], body);
        divider = false;
        Actions(card["actions"], actions);
    }

    public IReadOnlyList<JsonObject> Body => body;

    /// <summary>The actions blocks for the card's own actions (those of ActionSets are in <see cref="Body"/>).</summary>
    public IReadOnlyList<JsonObject> ActionBlocks => actions;

    /// <summary>The card's Action.ShowCards in document order, as numbered on their buttons.</summary>
    public IReadOnlyList<JsonObject> ShowCards => showCards;

    private void Items(JsonNode? items, List<JsonObject> output)
    {
        foreach (var element in CardJson.Objects(items))
        {
            // A separator on an element that shows nothing still separates what comes before and after.
            divider |= CardJson.Flag(element, "separator");
            switch (CardJson.Type(element))
            {
                case "TextBlock":
                    TextBlock(element, output);
                    break;
                case "FactSet":
                    FactSet(element, output);
                    break;
                case "Container":
                    Items(element["items"], output);
                    break;
                case "ColumnSet":
                    foreach (var column in CardJson.Objects(element["columns"]))
                    {
                        divider |= CardJson.Flag(column, "separator");
                        Items(column["items"], output);
                    }

                    break;
                case "ActionSet":
                    Actions(element["actions"], output);
                    break;
                case var type when type.StartsWith("Input.", StringComparison.Ordinal):
                    if (SlackInputs.Block(element) is { } input)
                    {
                        Add(input, output);
                    }

                    break;
                default:
                    // Image, RichTextBlock, Table and the like: no card in cards/ uses them.
                    break;
            }
        }
    }

    private void TextBlock(JsonObject element, List<JsonObject> output)
    {
        if (CardJson.Text(element, "text")?.Trim() is not { Length: > 0 } text)
        {
            return;
        }

        var bolder = CardJson.Is(element, "weight", "Bolder");
        var large = CardJson.Is(element, "size", "Medium") || CardJson.Is(element, "size", "Large") || CardJson.Is(element, "size", "ExtraLarge");
        if (bolder && large)
        {
            Add(new JsonObject { ["type"] = "header", ["text"] = SlackText.Plain(text, BlockKitLimits.HeaderText) }, output);
            return;
        }

        var mrkdwn = SlackText.FromAdaptive(text);
        mrkdwn = CardJson.Is(element, "fontType", "Monospace") ? SlackText.Code(mrkdwn) : mrkdwn;
        mrkdwn = bolder ? SlackText.Bold(mrkdwn) : mrkdwn;
        // A long text (a 10,000-character description) fills as many blocks as it needs rather than being cut.
        var subtle = CardJson.Flag(element, "isSubtle");
        foreach (var piece in SlackTextSplitter.Split(mrkdwn, subtle ? BlockKitLimits.ContextText : BlockKitLimits.SectionText))
        {
            Add(subtle
                ? new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(SlackText.Mrkdwn(piece, BlockKitLimits.ContextText)) }
                : new JsonObject { ["type"] = "section", ["text"] = SlackText.Mrkdwn(piece, BlockKitLimits.SectionText) },
                output);
        }
    }

    private void FactSet(JsonObject element, List<JsonObject> output)
    {
        var fields = CardJson.Objects(element["facts"]).Select(Field).OfType<JsonObject>().ToList();
        foreach (var chunk in fields.Chunk(BlockKitLimits.Fields))
        {
            Add(new JsonObject { ["type"] = "section", ["fields"] = new JsonArray([.. chunk]) }, output);
        }
    }

    private static JsonObject? Field(JsonObject fact)
    {
        var title = SlackText.FromAdaptive(CardJson.Text(fact, "title")?.Trim() ?? "");
        var value = SlackText.FromAdaptive(CardJson.Text(fact, "value")?.Trim() ?? "");
        var text = (title.Length, value.Length) switch
        {
            (0, 0) => null,
            (0, _) => value,
            (_, 0) => SlackText.Bold(title),
            _ => $"{SlackText.Bold(title)}\n{value}",
        };
        return text is null ? null : SlackText.Mrkdwn(text, BlockKitLimits.FieldText);
    }

    private void Actions(JsonNode? items, List<JsonObject> output)
    {
        var buttons = new List<JsonObject>();
        foreach (var action in CardJson.Objects(items))
        {
            var index = actionCount++;
            switch (CardJson.Type(action))
            {
                case "Action.Execute" when !ReferenceEquals(action, leaveOut):
                    buttons.Add(SlackButtons.Execute(action, index));
                    break;
                case "Action.ShowCard":
                    buttons.Add(SlackButtons.ShowCard(action, showCards.Count));
                    showCards.Add(action);
                    break;
                default:
                    // Action.OpenUrl, Action.Submit and Action.ToggleVisibility: no card in cards/ uses them.
                    break;
            }
        }

        foreach (var chunk in buttons.Chunk(BlockKitLimits.ActionsElements))
        {
            Add(new JsonObject { ["type"] = "actions", ["elements"] = new JsonArray([.. chunk]) }, output);
        }
    }

    private void Add(JsonObject block, List<JsonObject> output)
    {
        CheckIds(block);
        if (divider && output.Count > 0 && CardJson.Type(output[^1]) != "divider")
        {
            output.Add(new JsonObject { ["type"] = "divider" });
        }

        divider = false;
        output.Add(block);
    }

    /// <summary>
    /// Slack refuses a surface where two inputs or buttons share an id. An input's block_id is also its
    /// action_id, so one set covers both. Ids come from the policy and the cards: a repeat is their bug.
    /// </summary>
    private void CheckIds(JsonObject block)
    {
        var blockIds = CardJson.Type(block) switch
        {
            "input" => [CardJson.Text(block, "block_id")],
            "actions" => CardJson.Objects(block["elements"]).Select(e => CardJson.Text(e, "action_id")),
            _ => Enumerable.Empty<string?>(),
        };
        foreach (var id in blockIds.OfType<string>())
        {
            if (!ids.Add(id))
            {
                throw new InvalidOperationException($"The card uses the id '{id}' twice; Slack needs the inputs and buttons of a message or view to have different ids.");
            }
        }
    }
}
