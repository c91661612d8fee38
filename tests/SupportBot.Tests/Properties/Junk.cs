using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace SupportBot.Tests.Properties;

/// <summary>
/// Generators of hostile input: text (markup, mentions, RTL, emoji, lone surrogates, up to 10,000
/// characters), arbitrary JSON (wrong types, deep nesting) and near-valid mutations of real payloads.
/// </summary>
internal static class Junk
{
    // Fragments that mean something to one of the parsers or renderers: Slack mrkdwn and mentions, Teams
    // <at> tags, template bindings, JSON and YAML punctuation, bidi controls, emoji and a lone surrogate.
    private static readonly string[] Pieces =
    [
        "", " ", "  ", "\n", "\t", "\r\n", "a", "Wifi down", "<!channel>", "<!here>", "<@U0BOT>", "<@U0RITA|rita>",
        "<https://evil.example|click>", "*bold*", "**b**", "_i_", "~s~", "`c`", "```", "&amp;", "&lt;", "&", "<", ">",
        "<at>SupportBot</at>", "${case.id}", "${", "}", "{", "$", "\"", "'", "\\", "#", "- ", "1. ", "[x](http://x)",
        ":", ": ", "- x", "? ", "&a", "*a", "!!str", "%YAML", "---", "...", "|", ">-",
        "\U0001F600", "\U0001F469\u200D\U0001F4BB", "שלום", "مرحبا", "\u202E", "\u200B", "\u00A0", "日本語", "\uD83D", "\uDC00",
        "\0", "null", "true", "123", "-1", "1e400", "SUP-000001", "#1", "showcard#0", "case.claim",
    ];

    private static readonly string[] Keys =
    [
        "type", "id", "text", "user", "channel", "channel_type", "event", "event_id", "authorizations", "user_id", "team", "team_id",
        "actions", "action_id", "value", "view", "state", "values", "private_metadata", "container", "blocks", "block_id",
        "selected_option", "selected_options", "trigger_id", "name", "verb", "data", "action", "conversation", "from", "recipient",
        "entities", "mentioned", "membersAdded", "membersRemoved", "channelData", "tenant", "serviceUrl", "replyToId", "body",
        "items", "columns", "facts", "title", "choices", "card", "isVisible", "subtype", "bot_id", "tab", "hash",
    ];

    /// <summary>One of the given nodes, a fresh copy each time (a node belongs to one parent).</summary>
    public static Gen<JsonNode?> Pick(params JsonNode?[] options) => Gen.Elements(options).Select(n => n?.DeepClone());

    public static Gen<char> Char { get; } = Gen.Frequency(
        (6, Gen.Choose(32, 126).Select(i => (char)i)),
        (2, Gen.Choose(0, 0xFFFF).Select(i => (char)i)),
        (1, Gen.Elements('\n', '\t', '\r', '\0', '\u202E', '\u00A0')));

    /// <summary>Short hostile text: pieces and random characters.</summary>
    public static Gen<string> ShortText { get; } = Gen.Frequency(
        (5, Gen.ListOf(Gen.Elements(Pieces)).Select(p => string.Concat(p))),
        (3, Gen.ListOf(Char).Select(c => new string([.. c]))),
        (1, Gen.Constant("")));

    /// <summary>As <see cref="ShortText"/>, sometimes repeated to thousands of characters.</summary>
    public static Gen<string> Text { get; } = Gen.Frequency(
        (8, ShortText),
        (1, from piece in ShortText.Where(s => s.Length > 0)
            from length in Gen.Choose(2_000, 10_001)
            select Repeat(piece, length)));

    public static Gen<string> Key { get; } = Gen.Frequency((4, Gen.Elements(Keys)), (1, ShortText));

    public static Gen<JsonNode?> Scalar { get; } = Gen.OneOf(
        Gen.Constant<JsonNode?>(null),
        Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Choose(-1000, 1000).Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Elements(double.MaxValue, -0.5, 1e-300, 0.1).Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.Elements(decimal.MaxValue, long.MinValue).Select(d => (JsonNode?)JsonValue.Create(d)),
        Text.Select(s => (JsonNode?)JsonValue.Create(s)));

    /// <summary>Any JSON up to <paramref name="depth"/> levels, keys mostly ones the parsers look for.</summary>
    public static Gen<JsonNode?> Json(int depth)
    {
        if (depth <= 0)
        {
            return Scalar;
        }

        var child = Json(depth - 1);
        Gen<JsonNode?> array = Gen.ListOf(child.Resize(4)).Select(items => (JsonNode?)new JsonArray(items.ToArray()));
        Gen<JsonNode?> obj = Gen.ListOf(Gen.Zip(Key, child.Resize(5))).Select(pairs => (JsonNode?)Object(pairs));
        return Gen.Frequency((3, Scalar), (1, array), (2, obj));
    }

    /// <summary>An object at the top, as every entry point expects one.</summary>
    public static Gen<JsonObject> JsonObjects(int depth) =>
        Gen.ListOf(Gen.Zip(Key, Json(depth - 1).Resize(8))).Select(Object);

    /// <summary>Arrays or objects nested <paramref name="depth"/> deep, ending in a string.</summary>
    public static JsonNode Deep(int depth, bool arrays)
    {
        JsonNode node = JsonValue.Create("bottom");
        for (var i = 0; i < depth; i++)
        {
            node = arrays ? new JsonArray(node) : new JsonObject { ["a"] = node };
        }

        return node;
    }

    /// <summary>
    /// One to three edits of a real payload: a member removed, set to null, to junk, to hostile text, to
    /// a value of another type, to deep nesting, or a key added. Each edit picks its spot among all nodes.
    /// </summary>
    public static Gen<JsonObject> Mutations(JsonObject original) =>
        from edits in Gen.Choose(1, 3)
        from picks in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, 7)), edits)
        from junk in Gen.ArrayOf(Json(3), edits)
        from text in Gen.ArrayOf(Text, edits)
        from deep in Gen.Choose(2, 90)
        select Apply(original, picks, junk, text, deep);

    /// <summary>A real payload as it is, or mutated (mostly).</summary>
    public static Gen<JsonObject> NearValid(params JsonObject[] originals) =>
        Gen.Elements(originals).SelectMany(o => Gen.Frequency((1, Gen.Constant((JsonObject)o.DeepClone())), (6, Mutations(o))));

    private static JsonObject Apply(JsonObject original, (int Pick, int Op)[] picks, JsonNode?[] junk, string[] text, int deep)
    {
        var root = (JsonObject)original.DeepClone();
        for (var i = 0; i < picks.Length; i++)
        {
            var spots = Spots(root).ToList();
            if (spots.Count == 0)
            {
                root[text[i]] = junk[i]?.DeepClone();
                continue;
            }

            var (parent, key, index) = spots[picks[i].Pick % spots.Count];
            var current = key is not null ? ((JsonObject)parent)[key] : ((JsonArray)parent)[index];
            JsonNode? replacement = picks[i].Op switch
            {
                1 => null,
                2 => junk[i]?.DeepClone(),
                3 => JsonValue.Create(text[i]),
                4 => current switch
                {
                    JsonObject => new JsonArray(JsonValue.Create(1)),
                    JsonArray => new JsonObject { ["0"] = "x" },
                    JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => new JsonArray(),
                    _ => JsonValue.Create("1"),
                },
                5 => Deep(deep, deep % 2 == 0),
                6 => new JsonArray(current?.DeepClone()),
                _ => current?.DeepClone(),
            };
            if (picks[i].Op == 0)
            {
                Remove(parent, key, index);
            }
            else if (picks[i].Op == 7 && parent is JsonObject obj)
            {
                obj[text[i] + "_"] = junk[i]?.DeepClone();
            }
            else
            {
                Set(parent, key, index, replacement);
            }
        }

        return root;
    }

    private static IEnumerable<(JsonNode Parent, string? Key, int Index)> Spots(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    yield return (obj, key, -1);
                    if (value is not null)
                    {
                        foreach (var spot in Spots(value))
                        {
                            yield return spot;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    yield return (array, null, i);
                    if (array[i] is { } item)
                    {
                        foreach (var spot in Spots(item))
                        {
                            yield return spot;
                        }
                    }
                }

                break;
        }
    }

    private static void Remove(JsonNode parent, string? key, int index)
    {
        if (parent is JsonObject obj)
        {
            obj.Remove(key!);
        }
        else
        {
            ((JsonArray)parent).RemoveAt(index);
        }
    }

    private static void Set(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (parent is JsonObject obj)
        {
            obj[key!] = value;
        }
        else
        {
            ((JsonArray)parent)[index] = value;
        }
    }

    private static JsonObject Object(IEnumerable<(string Key, JsonNode? Value)> pairs)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in pairs)
        {
            obj[key] = value;
        }

        return obj;
    }

    private static string Repeat(string piece, int length)
    {
        var text = new StringBuilder(length + piece.Length);
        while (text.Length < length)
        {
            text.Append(piece);
        }

        return text.ToString(0, length);
    }
}
