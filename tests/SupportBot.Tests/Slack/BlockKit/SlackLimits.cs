using System.Text.Json.Nodes;

namespace SupportBot.Tests.Slack.BlockKit;

/// <summary>
/// Asserts Slack's Block Kit limits (shared/reference/slack-protocol.md §5) on message blocks or on a view,
/// so that a card that would make Slack answer <c>invalid_blocks</c> fails here instead.
/// </summary>
internal static class SlackLimits
{
    private static readonly string[] BlockTypes = ["header", "section", "context", "divider", "actions", "input"];
    private static readonly string[] ElementTypes =
        ["plain_text_input", "email_text_input", "url_text_input", "number_input", "datepicker", "static_select", "radio_buttons", "checkboxes", "multi_static_select"];

    /// <summary>Message blocks: at most 50, each within its limits, action ids unique.</summary>
    public static void Check(JsonArray blocks, string label = "message")
    {
        Assert.True(blocks.Count is > 0 and <= 50, $"{label}: {blocks.Count} blocks");
        CheckBlocks(blocks, label);
    }

    /// <summary>A modal or Home tab view: at most 100 blocks; a modal's title, buttons and private_metadata too.</summary>
    public static void Check(JsonObject view, string label = "view")
    {
        var type = Text(view["type"]);
        Assert.True(type is "modal" or "home", $"{label}: view type {type}");
        var blocks = view["blocks"]!.AsArray();
        Assert.True(blocks.Count is > 0 and <= 100, $"{label}: {blocks.Count} blocks");
        CheckBlocks(blocks, label);
        if (type != "modal")
        {
            return;
        }

        PlainText(view["title"], 24, $"{label} title");
        PlainText(view["close"], 24, $"{label} close");
        if (view["submit"] is not null)
        {
            PlainText(view["submit"], 24, $"{label} submit");
            Assert.True(Text(view["callback_id"]) is { Length: > 0 and <= 255 }, $"{label}: callback_id");
        }
        else
        {
            Assert.DoesNotContain(blocks, b => Text(b!["type"]) == "input");
        }

        Assert.True(Text(view["private_metadata"])!.Length <= 3000, $"{label}: private_metadata");
    }

    /// <summary>Every object in a Block Kit payload, depth first.</summary>
    public static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject obj => [obj, .. obj.SelectMany(p => Objects(p.Value))],
        JsonArray array => array.SelectMany(Objects),
        _ => [],
    };

    /// <summary>The text of every mrkdwn object.</summary>
    public static IEnumerable<string> Mrkdwn(JsonNode? node) =>
        Objects(node).Where(o => Text(o["type"]) == "mrkdwn").Select(o => Text(o["text"])!);

    public static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static void CheckBlocks(JsonArray blocks, string label)
    {
        var blockIds = new HashSet<string>(StringComparer.Ordinal);
        var actionIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in blocks.Select(b => b!.AsObject()))
        {
            var type = Text(block["type"])!;
            var where = $"{label} {type} block {block.ToJsonString()}";
            Assert.Contains(type, BlockTypes);
            if (Text(block["block_id"]) is { } blockId)
            {
                Assert.True(blockId.Length <= 255 && blockIds.Add(blockId), $"{where}: block_id");
            }

            switch (type)
            {
                case "header":
                    PlainText(block["text"], 150, where);
                    break;
                case "section":
                    Assert.True(block["text"] is not null || block["fields"] is not null, where);
                    if (block["text"] is { } text)
                    {
                        TextObject(text, 3000, where);
                    }

                    if (block["fields"] is JsonArray fields)
                    {
                        Assert.True(fields.Count is > 0 and <= 10, $"{where}: {fields.Count} fields");
                        Assert.All(fields, f => TextObject(f, 2000, where));
                    }

                    break;
                case "context":
                    var elements = block["elements"]!.AsArray();
                    Assert.True(elements.Count is > 0 and <= 10, where);
                    Assert.All(elements, e => TextObject(e, 3000, where));
                    break;
                case "actions":
                    var buttons = block["elements"]!.AsArray();
                    Assert.True(buttons.Count is > 0 and <= 25, $"{where}: {buttons.Count} elements");
                    Assert.All(buttons, b => Button(b!.AsObject(), actionIds, where));
                    break;
                case "input":
                    Input(block, actionIds, where);
                    break;
            }
        }
    }

    private static void Button(JsonObject button, HashSet<string> actionIds, string where)
    {
        Assert.Equal("button", Text(button["type"]));
        PlainText(button["text"], 75, where);
        Assert.True(Text(button["value"]) is { Length: <= 2000 }, $"{where}: value");
        ActionId(button, actionIds, where);
        Assert.True(Text(button["style"]) is null or "primary" or "danger", $"{where}: style");
    }

    private static void Input(JsonObject block, HashSet<string> actionIds, string where)
    {
        Assert.NotNull(Text(block["block_id"]));
        PlainText(block["label"], 2000, where);
        var element = block["element"]!.AsObject();
        var type = Text(element["type"])!;
        Assert.Contains(type, ElementTypes);
        ActionId(element, actionIds, where);
        if (element["placeholder"] is { } placeholder)
        {
            PlainText(placeholder, 150, where);
        }

        if (element["max_length"] is { } maxLength)
        {
            Assert.InRange(maxLength.GetValue<int>(), 1, 3000);
            Assert.True((Text(element["initial_value"]) ?? "").Length <= maxLength.GetValue<int>(), $"{where}: initial_value");
        }

        if (element["options"] is JsonArray options)
        {
            Assert.InRange(options.Count, 1, type is "radio_buttons" or "checkboxes" ? 10 : 100);
            foreach (var option in options.Select(o => o!.AsObject()))
            {
                PlainText(option["text"], 75, where);
                Assert.True(Text(option["value"]) is { Length: > 0 and <= 75 }, $"{where}: option value");
            }

            if (element["initial_option"] is JsonObject initial)
            {
                Assert.Contains(options, o => JsonNode.DeepEquals(o, initial));
            }
        }
    }

    private static void ActionId(JsonObject element, HashSet<string> actionIds, string where) =>
        Assert.True(Text(element["action_id"]) is { Length: > 0 and <= 255 } id && actionIds.Add(id), $"{where}: action_id {element["action_id"]}");

    private static void PlainText(JsonNode? text, int limit, string where)
    {
        Assert.Equal("plain_text", Text(text?["type"]));
        TextObject(text, limit, where);
    }

    private static void TextObject(JsonNode? text, int limit, string where)
    {
        Assert.True(Text(text?["type"]) is "plain_text" or "mrkdwn", $"{where}: text object {text?.ToJsonString()}");
        Assert.True(Text(text!["text"]) is { } s && s.Trim().Length > 0 && s.Length <= limit, $"{where}: text longer than {limit} or empty");
    }
}
