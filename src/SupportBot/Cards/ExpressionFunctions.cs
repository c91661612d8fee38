using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupportBot.Cards;

/// <summary>
/// The Adaptive Expressions functions our templates use. Arguments arrive unevaluated so that
/// <c>if</c>, <c>and</c> and <c>or</c> can skip branches. Names are case-sensitive, as in Adaptive Expressions.
/// </summary>
internal static class ExpressionFunctions
{
    public delegate JsonNode? Function(IReadOnlyList<TemplateExpression> arguments, TemplateScope scope);

    public sealed record Definition(int MinArguments, int MaxArguments, Function Invoke);

    private static readonly Dictionary<string, Definition> Functions = new(StringComparer.Ordinal)
    {
        ["if"] = new(3, 3, (a, s) => TemplateValues.IsTrue(a[0].Evaluate(s)) ? a[1].Evaluate(s) : a[2].Evaluate(s)),
        ["not"] = new(1, 1, (a, s) => TemplateValues.Bool(!TemplateValues.IsTrue(a[0].Evaluate(s)))),
        ["and"] = new(1, int.MaxValue, (a, s) => TemplateValues.Bool(a.All(x => TemplateValues.IsTrue(x.Evaluate(s))))),
        ["or"] = new(1, int.MaxValue, (a, s) => TemplateValues.Bool(a.Any(x => TemplateValues.IsTrue(x.Evaluate(s))))),
        ["equals"] = new(2, 2, (a, s) => TemplateValues.Bool(TemplateValues.AreEqual(a[0].Evaluate(s), a[1].Evaluate(s)))),
        ["empty"] = new(1, 1, (a, s) => TemplateValues.Bool(IsEmpty(a[0].Evaluate(s)))),
        ["count"] = new(1, 1, (a, s) => TemplateValues.Number(Count(a[0].Evaluate(s)))),
        ["concat"] = new(1, int.MaxValue, Concat),
        ["string"] = new(1, 1, (a, s) => TemplateValues.Text(TemplateValues.ToText(a[0].Evaluate(s)))),
        ["toUpper"] = new(1, 1, (a, s) => TemplateValues.Text(TemplateValues.ToText(a[0].Evaluate(s)).ToUpperInvariant())),
        ["toLower"] = new(1, 1, (a, s) => TemplateValues.Text(TemplateValues.ToText(a[0].Evaluate(s)).ToLowerInvariant())),
    };

    public static bool TryGet(string name, out Definition definition) =>
        Functions.TryGetValue(name, out definition!);

    private static bool IsEmpty(JsonNode? value) => value switch
    {
        null => true,
        JsonArray array => array.Count == 0,
        JsonObject obj => obj.Count == 0,
        _ => TemplateValues.Kind(value) switch
        {
            JsonValueKind.Null => true,
            JsonValueKind.String => value.GetValue<string>().Length == 0,
            _ => false,
        },
    };

    private static int Count(JsonNode? value) => value switch
    {
        JsonArray array => array.Count,
        JsonObject obj => obj.Count,
        _ when TemplateValues.Kind(value) == JsonValueKind.String => value!.GetValue<string>().Length,
        _ => 0,
    };

    private static JsonNode? Concat(IReadOnlyList<TemplateExpression> arguments, TemplateScope scope)
    {
        var text = new StringBuilder();
        foreach (var argument in arguments)
        {
            text.Append(TemplateValues.ToText(argument.Evaluate(scope)));
        }

        return TemplateValues.Text(text.ToString());
    }
}
