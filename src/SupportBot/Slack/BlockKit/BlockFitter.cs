using System.Text.Json.Nodes;

namespace SupportBot.Slack.BlockKit;

/// <summary>
/// Keeps a surface within its block limit (50 in a message, 100 in a view). A long queue, case log or
/// description is squeezed in steps, each only when the previous one was not enough: runs of text blocks
/// are joined into sections of up to 3000 characters, then dividers go, then the end of the body is cut
/// with a note. The buttons at the end are always kept. A message keeps what was cut, to be posted as
/// replies in its thread; a view has nowhere to put it.
/// </summary>
internal static class BlockFitter
{
    public const string CutNote = "_Shortened to fit in Slack._";
    public const string ThreadNote = "_Shortened to fit in Slack: the rest follows in replies to this message._";

    // An ephemeral message has no thread: its rest comes as further ephemerals right under it.
    public const string BelowNote = "_Shortened to fit in Slack: the rest follows below, for you only._";

    /// <summary>The blocks of a view; what does not fit is dropped.</summary>
    public static JsonArray Fit(IReadOnlyList<JsonObject> body, IReadOnlyList<JsonObject> tail, int limit) =>
        Fit(body, tail, limit, CutNote).Blocks;

    /// <summary>
    /// The blocks of a message, and what did not fit as the blocks of further messages, each within the limit;
    /// <paramref name="note"/> says where the rest goes (<see cref="ThreadNote"/> or <see cref="BelowNote"/>).
    /// </summary>
    public static (JsonArray Blocks, List<JsonArray> Replies) FitMessage(IReadOnlyList<JsonObject> body, IReadOnlyList<JsonObject> tail, string note = ThreadNote)
    {
        var (blocks, cut) = Fit(body, tail, BlockKitLimits.MessageBlocks, note);
        return (blocks, [.. cut.Chunk(BlockKitLimits.MessageBlocks).Select(c => new JsonArray([.. c]))]);
    }

    private static (JsonArray Blocks, List<JsonObject> Cut) Fit(IReadOnlyList<JsonObject> body, IReadOnlyList<JsonObject> tail, int limit, string note)
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

        List<JsonObject> cut = [];
        if (blocks.Count > room)
        {
            cut = [.. blocks.Skip(room - 1)];
            blocks = [.. blocks.Take(room - 1), Context(note)];
        }

        return (new JsonArray([.. blocks, .. tail]), cut);
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
