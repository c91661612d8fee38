using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupportBot.Cards;

/// <summary>
/// An Adaptive Card template using the subset of the Adaptive Cards templating language that our cards
/// need (<c>${...}</c>, <c>$data</c>, <c>$when</c>; see https://learn.microsoft.com/adaptive-cards/templating/language).
/// Every binding is parsed when the template is created, so a bad expression fails at start-up.
/// The compiled template is immutable, so one instance can expand cards for concurrent requests.
/// </summary>
public sealed class CardTemplate
{
    private static readonly JsonDocumentOptions JsonOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly JsonObject source;
    private readonly ObjectTemplateNode root;

    private CardTemplate(string name, JsonObject source, ObjectTemplateNode root)
    {
        Name = name;
        this.source = source;
        this.root = root;
    }

    public string Name { get; }

    /// <exception cref="CardTemplateException">The JSON, the structure or an expression is invalid.</exception>
    public static CardTemplate Parse(string name, string json)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: JsonOptions);
        }
        catch (JsonException e)
        {
            throw new CardTemplateException(name, null, $"invalid JSON: {e.Message}");
        }
        catch (ArgumentException)
        {
            throw new CardTemplateException(name, null, "invalid JSON: the text has a lone surrogate, so it is not valid Unicode");
        }

        if (node is not JsonObject obj)
        {
            throw new CardTemplateException(name, null, "the template must be a JSON object");
        }

        var root = ObjectTemplateNode.Compile(obj, name);
        if (root.HasWhen)
        {
            // Expand must return a card, so the card itself cannot be switched off.
            throw new CardTemplateException(name, null, "$when is not allowed on the card itself");
        }

        return new CardTemplate(name, obj, root);
    }

    /// <summary>
    /// Expands the template against <paramref name="data"/> (also <c>$root</c>) into a new card.
    /// Values from data are inserted as values, never read as templates; bound text in markdown
    /// properties goes through <paramref name="escaper"/>.
    /// </summary>
    public JsonObject Expand(JsonNode? data, ITextEscaper escaper)
    {
        ArgumentNullException.ThrowIfNull(escaper);
        var scope = new TemplateScope(data, data, null);
        return (JsonObject)root.Expand(scope, escaper, TextRole.Plain)!;
    }

    /// <summary>A top-level property of the template as written, when it is a plain string.</summary>
    internal string? LiteralProperty(string name) =>
        source.TryGetPropertyValue(name, out var value) && TemplateValues.Kind(value) == JsonValueKind.String
            ? value!.GetValue<string>()
            : null;
}
