using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupportBot.Cards;

/// <summary>How Adaptive Cards will render the strings below a node; decides where bound text is escaped.</summary>
internal enum TextRole
{
    Plain,
    Markdown,
    Facts,
}

/// <summary>
/// A template compiled once at load time: every string is split into literal text and parsed expressions,
/// so syntax errors surface at start-up and expansion never parses anything, least of all data.
/// </summary>
internal abstract class TemplateNode
{
    public abstract JsonNode? Expand(TemplateScope scope, ITextEscaper escaper, TextRole role);

    public static TemplateNode Compile(JsonNode? node, string templateName) => node switch
    {
        JsonObject obj => ObjectTemplateNode.Compile(obj, templateName),
        JsonArray array => new ArrayTemplateNode([.. array.Select(item => Compile(item, templateName))]),
        JsonValue value when value.GetValueKind() == JsonValueKind.String =>
            StringTemplateNode.Compile(value.GetValue<string>(), templateName),
        _ => new Literal(node),
    };

    public sealed class Literal(JsonNode? value) : TemplateNode
    {
        // Cloned so that callers may change the expanded card without touching the template.
        public override JsonNode? Expand(TemplateScope scope, ITextEscaper escaper, TextRole role) =>
            value?.DeepClone();
    }
}
