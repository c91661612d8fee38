using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Cards;

namespace SupportBot.Tests.Cards;

/// <summary>Small builders so that each test shows only the template part it is about.</summary>
internal static class TestCards
{
    public const string Envelope = """
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard", "version": "1.5"
        """;

    /// <summary>A complete card template whose body is <paramref name="bodyItems"/> (JSON array items).</summary>
    public static string Card(string bodyItems) => $$"""{ {{Envelope}}, "body": [ {{bodyItems}} ] }""";

    public static JsonObject Expand(string template, string? data, ITextEscaper? escaper = null) =>
        CardTemplate.Parse("test-card", template)
            .Expand(data is null ? null : JsonNode.Parse(data), escaper ?? RawText.Instance);

    /// <summary>Expands a card with the given body and returns the expanded body array.</summary>
    public static JsonArray Body(string bodyItems, string? data, ITextEscaper? escaper = null) =>
        Expand(Card(bodyItems), data, escaper)["body"]!.AsArray();

    /// <summary>The value of one property of a one-element body, e.g. a TextBlock's text.</summary>
    public static JsonNode? Value(string property, string value, string? data) =>
        Body($$"""{ "type": "Input.Text", "id": "x", "{{property}}": {{value}} }""", data)[0]![property];

    // Relaxed so that expected JSON in tests can show quotes and apostrophes as they are.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Json(JsonNode? node) => node?.ToJsonString(Readable) ?? "null";
}
