using System.Text.Json.Nodes;

namespace SupportBot;

/// <summary>Reading strings out of platform JSON, where anything may be missing or of another type.</summary>
internal static class JsonText
{
    /// <summary>The string at <paramref name="node"/>; null when absent or not a string.</summary>
    public static string? Of(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>As <see cref="Of"/>, and null for an empty string too.</summary>
    public static string? NonEmpty(JsonNode? node) => Of(node) is { Length: > 0 } text ? text : null;

    /// <summary>
    /// The member <paramref name="name"/> of an object; null when <paramref name="node"/> is absent or is
    /// not an object (JsonNode's own indexer throws on a string or an array, and a sender chooses the shape).
    /// </summary>
    public static JsonNode? Get(this JsonNode? node, string name) => node is JsonObject o ? o[name] : null;

    /// <summary>The item at <paramref name="index"/> of an array; null when there is none or it is not an array.</summary>
    public static JsonNode? At(this JsonNode? node, int index) => node is JsonArray a && index < a.Count ? a[index] : null;
}
