using System.Text;
using System.Text.Json.Nodes;

namespace SupportBot;

/// <summary>Reading strings out of platform JSON, where anything may be missing or of another type.</summary>
internal static class JsonText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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

    /// <summary>
    /// False when a string or key holds a lone surrogate: a <c>\ud800</c> escape parses, but reading it
    /// throws and no JSON writer, store or platform takes it back, so such a payload is refused where it arrives.
    /// </summary>
    public static bool IsWellFormed(JsonNode? node)
    {
        try
        {
            return Walk(node);
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json reads an invalid surrogate escape only when the string is asked for.
            return false;
        }
    }

    private static bool Walk(JsonNode? node) => node switch
    {
        JsonObject obj => obj.All(p => IsWellFormed(p.Key) && Walk(p.Value)),
        JsonArray array => array.All(Walk),
        JsonValue value when value.TryGetValue<string>(out var text) => IsWellFormed(text),
        _ => true,
    };

    private static bool IsWellFormed(string text)
    {
        try
        {
            Strict.GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}
