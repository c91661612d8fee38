using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupportBot.Cards;

/// <summary>
/// The value rules of the expression language. They are lenient on purpose: data comes from cases
/// and users, and a missing or odd value must render as empty rather than fail the whole message.
/// </summary>
internal static class TemplateValues
{
    public static JsonValueKind Kind(JsonNode? value) => value?.GetValueKind() ?? JsonValueKind.Null;

    public static bool IsNull(JsonNode? value) => Kind(value) == JsonValueKind.Null;

    // Adaptive Expressions' rule: only false and null are false, so 0 and "" count as true.
    public static bool IsTrue(JsonNode? value) => Kind(value) switch
    {
        JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined => false,
        _ => true,
    };

    public static string ToText(JsonNode? value) => Kind(value) switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.String => value!.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value!.ToJsonString(),
    };

    public static bool TryGetNumber(JsonNode? value, out double number)
    {
        // Parsing the JSON text works for every backing (JsonElement, int, decimal, double).
        number = 0;
        return Kind(value) == JsonValueKind.Number
            && double.TryParse(value!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    public static bool AreEqual(JsonNode? left, JsonNode? right)
    {
        if (IsNull(left) || IsNull(right))
        {
            return IsNull(left) && IsNull(right);
        }

        if (TryGetNumber(left, out var l) && TryGetNumber(right, out var r))
        {
            return l == r;
        }

        return JsonNode.DeepEquals(left, right);
    }

    /// <summary>Orders two numbers or two strings; anything else is not comparable.</summary>
    public static int? Compare(JsonNode? left, JsonNode? right)
    {
        if (TryGetNumber(left, out var l) && TryGetNumber(right, out var r))
        {
            return l.CompareTo(r);
        }

        if (Kind(left) == JsonValueKind.String && Kind(right) == JsonValueKind.String)
        {
            return string.CompareOrdinal(left!.GetValue<string>(), right!.GetValue<string>());
        }

        return null;
    }

    public static JsonNode? Member(JsonNode? target, string name) =>
        target is JsonObject obj && obj.TryGetPropertyValue(name, out var value) ? value : null;

    public static JsonNode? Index(JsonNode? target, JsonNode? index)
    {
        if (Kind(index) == JsonValueKind.String)
        {
            return Member(target, index!.GetValue<string>());
        }

        if (target is JsonArray array && TryGetNumber(index, out var n)
            && n >= 0 && n < array.Count && n == Math.Floor(n))
        {
            return array[(int)n];
        }

        return null;
    }

    public static JsonNode Bool(bool value) => JsonValue.Create(value);

    public static JsonNode Text(string value) => JsonValue.Create(value)!;

    public static JsonNode Number(int value) => JsonValue.Create(value);
}
