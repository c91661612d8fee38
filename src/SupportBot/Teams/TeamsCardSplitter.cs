using System.Text;
using System.Text.Json.Nodes;

namespace SupportBot.Teams;

/// <summary>
/// Keeps a card activity within Teams' message size limit. Teams documents 40 KB, lately 100 KB, for bot
/// messages and about 28 KB for connector posts; the smallest is the budget here, counted as the bytes
/// sent. When a card is over it, its longest TextBlocks (a 10,000-character description) are cut at a
/// line or word and the rest goes into follow-up cards of TextBlocks, each within the budget too, so the
/// whole text reaches Teams. The texts are already escaped (<see cref="Cards.AdaptiveCardTextEscaper"/>):
/// a cut never separates a backslash from what it escapes, nor a surrogate pair, and a piece that starts
/// with a list or heading marker gets it escaped again.
/// </summary>
public static class TeamsCardSplitter
{
    public const int ActivityBytes = 28 * 1024;
    public const string ContinuedNote = "… (continued in the next message)";

    /// <summary>The card as sent, and the follow-up cards that carry what was cut from it, in order.</summary>
    public static (JsonObject Card, List<JsonObject> FollowUps) Split(JsonObject card, string summary)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(summary);
        var rest = new List<string>();
        var blocks = TextBlocks(card["body"]).OrderByDescending(b => b.GetValue<string>().Length).ToList();
        foreach (var block in blocks)
        {
            var over = Size(card, summary) - ActivityBytes;
            if (over <= 0)
            {
                break;
            }

            var text = block.GetValue<string>();
            var keep = Fitting(text, Cost(text) - over - Cost(ContinuedNote) - 16);
            rest.Add(text[keep..].TrimStart());
            var head = text[..keep].TrimEnd();
            block.ReplaceWith(head.Length == 0 ? ContinuedNote : $"{head}\n\n{ContinuedNote}");
        }

        return (card, [.. rest.SelectMany(text => Pieces(text, summary)).Select(FollowUp)]);
    }

    /// <summary>The follow-up cards for one cut text, each within the budget.</summary>
    private static IEnumerable<string> Pieces(string text, string summary)
    {
        var room = ActivityBytes - Size(FollowUp(""), summary) - 16;
        while (text.Length > 0)
        {
            var end = Cost(text) <= room ? text.Length : Math.Max(1, Fitting(text, room));
            yield return Unmarked(text[..end].Trim());
            text = text[end..].TrimStart();
        }
    }

    /// <summary>
    /// The longest start of <paramref name="text"/> whose JSON costs at most <paramref name="budget"/> bytes,
    /// ended at a line break or space in its second half if there is one, and at a safe place always.
    /// </summary>
    private static int Fitting(string text, int budget)
    {
        if (budget <= 0)
        {
            return 0;
        }

        int low = 0, high = text.Length;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (Cost(text[..middle]) <= budget)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        var end = low;
        if (end == text.Length)
        {
            return end;
        }

        var line = text.LastIndexOf('\n', Math.Max(0, end - 1));
        var space = text.LastIndexOf(' ', Math.Max(0, end - 1));
        var boundary = Math.Max(line, space);
        if (end > 0 && boundary >= end / 2)
        {
            return boundary;
        }

        if (end > 0 && char.IsLowSurrogate(text[end]) && char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }

        // An odd run of backslashes before the cut means the last one escapes the character after it.
        var slashes = 0;
        while (end - slashes > 0 && text[end - slashes - 1] == '\\')
        {
            slashes++;
        }

        return slashes % 2 == 1 ? end - 1 : end;
    }

    /// <summary>A piece cut mid-line may start with "-", "+", "=" or "1." that the escaper left alone there.</summary>
    private static string Unmarked(string piece)
    {
        if (piece.Length > 0 && piece[0] is '-' or '+' or '=')
        {
            return "\\" + piece;
        }

        var digits = 0;
        while (digits < piece.Length && char.IsAsciiDigit(piece[digits]))
        {
            digits++;
        }

        return digits > 0 && digits < piece.Length && piece[digits] == '.' ? $"{piece[..digits]}\\{piece[digits..]}" : piece;
    }

    private static JsonObject FollowUp(string text) => new()
    {
        ["type"] = "AdaptiveCard",
        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
        ["version"] = "1.5",
        ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true }),
    };

    private static IEnumerable<JsonValue> TextBlocks(JsonNode? items)
    {
        foreach (var element in (items as JsonArray ?? []).OfType<JsonObject>())
        {
            if (JsonText.Of(element["type"]) == "TextBlock" && element["text"] is JsonValue text && text.TryGetValue<string>(out _))
            {
                yield return text;
            }

            foreach (var inner in TextBlocks(element["items"]))
            {
                yield return inner;
            }

            foreach (var column in (element["columns"] as JsonArray ?? []).OfType<JsonObject>())
            {
                foreach (var inner in TextBlocks(column["items"]))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The bytes the card's activity takes on the wire, serialized as the connector client sends it.</summary>
    public static int Size(JsonObject card, string summary)
    {
        ArgumentNullException.ThrowIfNull(card);
        // The card is measured apart: it cannot be put into an activity twice.
        return Encoding.UTF8.GetByteCount(card.ToJsonString()) + Encoding.UTF8.GetByteCount(TeamsActivities.Card([], summary).ToJsonString()) - "{}".Length;
    }

    private static int Cost(string text) => Encoding.UTF8.GetByteCount(JsonValue.Create(text).ToJsonString());
}
