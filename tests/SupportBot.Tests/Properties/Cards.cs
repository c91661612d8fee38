using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using SupportBot.Cards;
using SupportBot.Core.Channels;

namespace SupportBot.Tests.Properties;

/// <summary>
/// Expanded Adaptive Cards built from the card model the translator reads (TextBlock, FactSet, Container,
/// ColumnSet, ActionSet, Input.*, Action.Execute, Action.ShowCard) with hostile text and sometimes far
/// more elements than Slack allows. A pass-through template lets them travel as an <see cref="OutboundMessage"/>.
/// </summary>
internal static class Cards
{
    public const string PassThrough = "pass-through";

    /// <summary>A library of the real cards plus a template whose body and actions are the data's own.</summary>
    public static CardLibrary Library { get; } = new(
        [.. Directory.GetFiles(CardLibrary.DefaultFolder(), "*.json").Select(f => CardTemplate.Parse(Path.GetFileNameWithoutExtension(f), File.ReadAllText(f))),
            CardTemplate.Parse(PassThrough, """
                { "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard", "version": "1.5",
                  "body": "${body}", "actions": "${actions}" }
                """)]);

    /// <summary>Ids as a policy gives them, sometimes empty, hostile or longer than Slack allows.</summary>
    public static Gen<string> Id { get; } = Gen.Frequency(
        (8, Gen.Elements("title", "description", "category", "case.claim", "case.ack", "severity", "x")),
        (1, Junk.ShortText),
        (1, Gen.Choose(200, 300).Select(n => new string('v', n))));

    public static Gen<OutboundMessage> Messages =>
        from card in Card(2)
        from text in Junk.Text
        select new OutboundMessage(PassThrough, card, text);

    private static Gen<JsonNode?> Flag { get; } = Junk.Pick(null, true, false, "true", "false", 1);

    private static Gen<JsonObject> Card(int depth) =>
        from body in Many(Element(depth), large: true)
        from actions in Many(Action(depth), large: true)
        select new JsonObject { ["body"] = new JsonArray(body), ["actions"] = new JsonArray(actions) };

    /// <summary>Usually a few; at the top of a card sometimes more than any Slack surface holds.</summary>
    private static Gen<JsonNode?[]> Many(Gen<JsonNode?> item, bool large = false) =>
        Gen.Frequency((6, Gen.Choose(0, 6)), (large ? 1 : 0, Gen.Choose(20, 130))).SelectMany(n => Gen.ArrayOf(item, n));

    private static Gen<JsonNode?> Element(int depth)
    {
        var leaves = Gen.OneOf(TextBlock, FactSet, Input, Junk.Json(2));
        if (depth <= 0)
        {
            return leaves;
        }

        return Gen.Frequency(
            (6, leaves),
            (1, Many(Element(depth - 1)).Select(items => (JsonNode?)new JsonObject { ["type"] = "Container", ["items"] = new JsonArray(items) })),
            (1, Gen.ListOf(Many(Element(depth - 1))).Resize(3).Select(columns => (JsonNode?)new JsonObject
            {
                ["type"] = "ColumnSet",
                ["columns"] = new JsonArray([.. columns.Select(c => (JsonNode?)new JsonObject { ["type"] = "Column", ["items"] = new JsonArray(c) })]),
            })),
            (1, Many(Action(depth - 1)).Select(actions => (JsonNode?)new JsonObject { ["type"] = "ActionSet", ["actions"] = new JsonArray(actions) })));
    }

    private static Gen<JsonNode?> TextBlock { get; } =
        from text in Junk.Text
        from weight in Junk.Pick(null, "Bolder", "default")
        from size in Junk.Pick(null, "Medium", "Large", "Small")
        from subtle in Flag
        from mono in Junk.Pick(null, "Monospace")
        from separator in Flag
        from visible in Junk.Pick(null, null, null, false)
        select (JsonNode?)new JsonObject
        {
            ["type"] = "TextBlock",
            ["text"] = text,
            ["weight"] = weight,
            ["size"] = size,
            ["isSubtle"] = subtle,
            ["fontType"] = mono,
            ["separator"] = separator,
            ["isVisible"] = visible,
        };

    private static Gen<JsonNode?> FactSet { get; } =
        from facts in Gen.Frequency((4, Gen.Choose(0, 5)), (1, Gen.Choose(10, 40))).SelectMany(n => Gen.ArrayOf(Gen.Zip(Junk.Text, Junk.Text), n))
        select (JsonNode?)new JsonObject
        {
            ["type"] = "FactSet",
            ["facts"] = new JsonArray([.. facts.Select(f => (JsonNode?)new JsonObject { ["title"] = f.Item1, ["value"] = f.Item2 })]),
        };

    private static Gen<JsonNode?> Input { get; } =
        from type in Gen.Elements("Input.Text", "Input.Number", "Input.Date", "Input.ChoiceSet", "Input.Time", "Input.Toggle")
        from id in Id
        from label in Junk.Text
        from placeholder in Junk.Text
        from value in Gen.OneOf(Junk.Text, Gen.Elements("2026-02-30", "2026-12-25", "a,b", "login", "42"))
        from style in Junk.Pick(null, "email", "url", "tel", "expanded")
        from maxLength in Junk.Pick(null, 0, -5, 120, 99999, "abc")
        from multi in Flag
        from required in Flag
        from choices in Gen.Frequency((4, Gen.Choose(0, 6)), (1, Gen.Choose(11, 120))).SelectMany(n => Gen.ArrayOf(Gen.Zip(Junk.ShortText, Id), n))
        select (JsonNode?)new JsonObject
        {
            ["type"] = type,
            ["id"] = id,
            ["label"] = label,
            ["placeholder"] = placeholder,
            ["value"] = value,
            ["style"] = style,
            ["maxLength"] = maxLength,
            ["isMultiSelect"] = multi,
            ["isMultiline"] = multi?.DeepClone(),
            ["isRequired"] = required,
            ["choices"] = new JsonArray([.. choices.Select(c => (JsonNode?)new JsonObject { ["title"] = c.Item1, ["value"] = c.Item2 })]),
        };

    private static Gen<JsonNode?> Action(int depth)
    {
        var execute =
            from verb in Id
            from title in Junk.Text
            from style in Junk.Pick(null, "positive", "destructive")
            from data in Junk.Pick(null, "a string", new JsonObject { ["case"] = "c-1" }, new JsonObject { ["case"] = new string('c', 2100) })
            select (JsonNode?)new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["title"] = title, ["style"] = style, ["data"] = data };
        if (depth <= 0)
        {
            return execute;
        }

        return Gen.Frequency(
            (4, execute),
            (1, from title in Junk.Text
                from card in Card(depth - 1)
                select (JsonNode?)new JsonObject { ["type"] = "Action.ShowCard", ["title"] = title, ["card"] = card }),
            (1, Junk.Pick(new JsonObject { ["type"] = "Action.OpenUrl", ["url"] = "https://x" }, null, "Action.Execute")));
    }
}
