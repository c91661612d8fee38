using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace SupportBot.Tests.Properties;

/// <summary>
/// Card templates: binding expressions from the language's grammar (and broken ones), placed in
/// strings of a card-shaped JSON object with <c>$data</c> and <c>$when</c> where the real cards use them.
/// </summary>
internal static class Templates
{
    private static readonly string[] Names = ["case", "id", "title", "items", "$data", "$root", "$index", "$host", "severity", "name", "x"];
    private static readonly string[] Functions = ["if", "not", "and", "or", "equals", "empty", "count", "concat", "string", "toUpper", "toLower", "nope"];
    private static readonly string[] Operators = ["==", "!=", "<", "<=", ">", ">=", "&&", "||", "+", "=", "!"];

    /// <summary>An expression, well formed or not, up to <paramref name="depth"/> levels.</summary>
    public static Gen<string> Expression(int depth)
    {
        var leaf = Gen.OneOf(
            Gen.Elements(Names),
            Gen.Elements("true", "false", "null", "0", "1.5", "'a}b'", "\"q\\\"\"", "'unterminated", "99999999999999999999999999999999", "12345678901234567890.5"),
            Junk.ShortText.Select(t => $"'{t.Replace("'", "", StringComparison.Ordinal)}'"));
        if (depth <= 0)
        {
            return leaf;
        }

        var inner = Expression(depth - 1);
        return Gen.Frequency(
            (4, leaf),
            (2, from l in inner from op in Gen.Elements(Operators) from r in inner select $"{l} {op} {r}"),
            (2, from f in Gen.Elements(Functions) from args in Gen.ListOf(inner).Resize(4) select $"{f}({string.Join(", ", args)})"),
            (2, from target in inner from name in Gen.Elements(Names) select $"{target}.{name}"),
            (1, from target in inner from index in inner select $"{target}[{index}]"),
            (1, inner.Select(e => $"({e})")),
            (1, inner.Select(e => $"!{e}")),
            (1, from e in inner from cut in Gen.Choose(0, 100) select e[..(cut % (e.Length + 1))]));
    }

    /// <summary>Template text: literal junk and <c>${…}</c> bindings, some left open.</summary>
    public static Gen<string> Text =>
        Gen.ListOf(Gen.Frequency(
                (2, Junk.ShortText),
                (3, Expression(3).Select(e => "${" + e + "}")),
                (1, Expression(2).Select(e => "${" + e))))
            .Resize(5)
            .Select(parts => string.Concat(parts));

    /// <summary>A card-shaped template: body elements with bound text, <c>$data</c> repeats and <c>$when</c>.</summary>
    public static Gen<JsonObject> Card =>
        from body in Gen.ListOf(Element(3)).Resize(6)
        from actions in Gen.ListOf(Action).Resize(3)
        select new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.5",
            ["body"] = new JsonArray(body.ToArray()),
            ["actions"] = new JsonArray(actions.ToArray()),
        };

    private static Gen<JsonNode?> Action =>
        from verb in Gen.Elements("case.claim", "${verb}", "${")
        from title in Text
        from data in Junk.Pick("${$data}", "${case}", new JsonObject { ["case"] = "${case.id}" }, null)
        select (JsonNode?)new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["title"] = title, ["data"] = data };

    private static Gen<JsonNode?> Element(int depth)
    {
        var text =
            from t in Text
            from type in Gen.Elements("TextBlock", "${type}", "Input.Text", "FactSet")
            from extra in Gen.Elements("$data", "$when", "facts", "none")
            from value in Gen.OneOf(Text.Select(s => (JsonNode?)JsonValue.Create(s)), Junk.Scalar)
            select (JsonNode?)With(new JsonObject { ["type"] = type, ["text"] = t }, extra, value);
        if (depth <= 0)
        {
            return text;
        }

        return Gen.Frequency(
            (3, text),
            (1, from items in Gen.ListOf(Element(depth - 1)).Resize(3)
                from data in Junk.Pick("${items}", "${$root.items}", "${case}", null)
                select (JsonNode?)new JsonObject { ["type"] = "Container", ["$data"] = data, ["items"] = new JsonArray(items.ToArray()) }));
    }

    private static JsonObject With(JsonObject element, string extra, JsonNode? value)
    {
        if (extra == "facts")
        {
            element["facts"] = new JsonArray(new JsonObject { ["title"] = value?.DeepClone(), ["value"] = "${title}" });
        }
        else if (extra != "none")
        {
            element[extra] = value;
        }

        return element;
    }
}
