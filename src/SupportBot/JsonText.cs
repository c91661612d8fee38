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
}
