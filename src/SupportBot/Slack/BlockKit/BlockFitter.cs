using System.Text.Json.Nodes;

namespace SupportBot.Slack.BlockKit;

/// <summary>
/// Keeps a surface within its block limit (50 in a message, 100 in a view). A long queue or case log is
/// squeezed in steps, each only when the previous one was not enough: runs of text blocks are joined into
/// sections of up to 3000 characters, then dividers go, then the end of the body is cut with a note.
/// The buttons at the end are always kept.
/// </summary>
internal static class BlockFitter
{
    public const string CutNote = "_Shortened to fit in Slack._";

    public static JsonArray Fit(IReadOnlyList<JsonObject> body, IReadOnlyList<JsonObject> tail, int limit)
    {
        var room = Math.Max(1, limit - tail.Count);
        var blocks = body.ToList();
        if (blocks.Count > room)
        {
            blocks = JoinText(blocks);
        }

        if (blocks.Count > room)
        {
            blocks.RemoveAll(b => CardJson.Type(b) == "divider");
        }

        if (blocks.Count > room)
        {
            blocks = [.. blocks.Take(room - 1), Context(CutNote)];
        }

        return new JsonArray([.. blocks, .. tail]);
    }

    private static List<JsonObject> JoinText(List<JsonObject> blocks)
    {
        var joined = new List<JsonObject>();
        string? run = null;
        foreach (var block in blocks)
        {
            if (Text(block) is not { } text)
            {
                Flush();
                joined.Add(block);
            }
            else if (run is not null && run.Length + 1 + text.Length <= BlockKitLimits.SectionText)
            {
                run = $"{run}\n{text}";
            }
            else
            {
                Flush();
                run = text;
            }
        }

        Flush();
        return joined;

        void Flush()
        {
            if (run is not null)
            {
                joined.Add(new JsonObject { ["type"] = "section", ["text"] = SlackText.Mrkdwn(run, BlockKitLimits.SectionText) });
                run = null;
            }
        }
    }

    /// <summary>The mrkdwn of a section with only text, or of a context with one mrkdwn element.</summary>
    private static string? Text(JsonObject block) => CardJson.Type(block) switch
    {
        "section" when block["fields"] is null && block["accessory"] is null => MrkdwnText(block["text"]),
        "context" when block["elements"] is JsonArray { Count: 1 } elements => MrkdwnText(elements[0]),
        _ => null,
    };

    private static string? MrkdwnText(JsonNode? text) =>
        text is JsonObject o && CardJson.Text(o, "type") == "mrkdwn" ? CardJson.Text(o, "text") : null;

    private static JsonObject Context(string mrkdwn) =>
        new() { ["type"] = "context", ["elements"] = new JsonArray(SlackText.Mrkdwn(mrkdwn, BlockKitLimits.ContextText)) };
}
