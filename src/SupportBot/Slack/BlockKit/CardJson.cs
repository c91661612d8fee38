using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupportBot.Slack.BlockKit;

/// <summary>Reading an expanded Adaptive Card, whose bound values may be strings, numbers or booleans.</summary>
internal static class CardJson
{
    // Button values and private_metadata are strings inside a JSON body that is escaped again when sent,
    // so HTML-safe \u escapes would only spend Slack's length limits.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Type(JsonObject element) => Text(element, "type") ?? "";

    public static string? Text(JsonObject element, string name) => Text(element[name]);

    public static string? Text(JsonNode? node) => node is not JsonValue value ? null : value.GetValueKind() switch
    {
        JsonValueKind.String => value.TryGetValue<string>(out var s) ? s : value.Deserialize<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.ToJsonString(),
        _ => null,
    };

    public static bool Flag(JsonObject element, string name) => Text(element, name) is { } s && bool.TryParse(s, out var b) && b;

    public static bool Is(JsonObject element, string name, string value) =>
        string.Equals(Text(element, name), value, StringComparison.OrdinalIgnoreCase);

    /// <summary>Adaptive Cards hide an element with <c>"isVisible": false</c>.</summary>
    public static bool Visible(JsonObject element) => Text(element, "isVisible") is not "false";

    public static IEnumerable<JsonObject> Objects(JsonNode? array) =>
        array is JsonArray items ? items.OfType<JsonObject>().Where(Visible) : [];

    /// <summary>
    /// The card's actions in document order: those of ActionSets in the body (through Containers and
    /// Columns), then the card's own. Actions inside an Action.ShowCard's card are not included.
    /// </summary>
    public static IEnumerable<JsonObject> Actions(JsonObject card) =>
        [.. BodyElements(card["body"]).Where(e => Type(e) == "ActionSet").SelectMany(e => Objects(e["actions"])), .. Objects(card["actions"])];

    /// <summary>Every body element, depth first through Containers and ColumnSets (not into ShowCards).</summary>
    public static IEnumerable<JsonObject> BodyElements(JsonNode? items)
    {
        foreach (var element in Objects(items))
        {
            yield return element;
            var children = Type(element) switch
            {
                "Container" => BodyElements(element["items"]),
                "ColumnSet" => Objects(element["columns"]).SelectMany(column => BodyElements(column["items"])),
                _ => [],
            };
            foreach (var child in children)
            {
                yield return child;
            }
        }
    }

    /// <summary>
    /// The action a form submits: the first positive Action.Execute among the card's actions, else the first
    /// Action.Execute; null when there is none.
    /// </summary>
    public static JsonObject? SubmitAction(JsonObject card)
    {
        var executes = Actions(card).Where(a => Type(a) == "Action.Execute").ToList();
        return executes.FirstOrDefault(a => Is(a, "style", "positive")) ?? executes.FirstOrDefault();
    }

    /// <summary>The text of the card's first TextBlock, for a modal title.</summary>
    public static string? FirstText(JsonObject card) =>
        BodyElements(card["body"]).Where(e => Type(e) == "TextBlock").Select(e => Text(e, "text")).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))?.Trim();

    /// <summary>An action's data object (Adaptive Cards also allow a string, which our cards never use: read as empty).</summary>
    public static JsonObject Data(JsonObject action) => action["data"] is JsonObject data ? (JsonObject)data.DeepClone() : [];

    /// <summary>Compact JSON for a button value or private_metadata.</summary>
    /// <exception cref="InvalidOperationException">
    /// The node nests deeper than the 64 levels JSON is written and read back with: a card bug, as card
    /// data carries ids, so it is refused like any other card Slack cannot take.
    /// </exception>
    public static string Write(JsonNode node)
    {
        try
        {
            return node.ToJsonString(Compact);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(
                $"Card data nests deeper than {MaxDepth} levels of JSON, which cannot be a Slack button value or private_metadata.", e);
        }
    }

    // System.Text.Json's default for writing and for reading back: a value written here can be read.
    private const int MaxDepth = 64;

    /// <summary>A JSON object from untrusted text; null when it is missing, not JSON, or not an object.</summary>
    public static JsonObject? ReadObject(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            // ArgumentException: text with a lone surrogate (a "\ud800" escape in the payload) cannot be JSON.
            return null;
        }
    }
}
