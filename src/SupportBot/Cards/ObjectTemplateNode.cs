using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupportBot.Cards;

/// <summary>An object, with its optional <c>$data</c> (rebinds the scope, repeats in arrays) and <c>$when</c>.</summary>
internal sealed class ObjectTemplateNode : TemplateNode
{
    private readonly IReadOnlyList<KeyValuePair<string, TemplateNode>> properties;
    private readonly TemplateNode? data;
    private readonly TemplateExpression? when;

    private ObjectTemplateNode(
        IReadOnlyList<KeyValuePair<string, TemplateNode>> properties, TemplateNode? data, TemplateExpression? when)
    {
        this.properties = properties;
        this.data = data;
        this.when = when;
    }

    public bool HasWhen => when is not null;

    public static ObjectTemplateNode Compile(JsonObject obj, string templateName)
    {
        var properties = new List<KeyValuePair<string, TemplateNode>>();
        TemplateNode? data = null;
        TemplateExpression? when = null;
        foreach (var (name, value) in obj)
        {
            switch (name)
            {
                case "$data":
                    data = TemplateNode.Compile(value, templateName);
                    break;
                case "$when":
                    when = CompileWhen(value, templateName);
                    break;
                default:
                    properties.Add(new(name, TemplateNode.Compile(value, templateName)));
                    break;
            }
        }

        return new ObjectTemplateNode(properties, data, when);
    }

    /// <summary>The object once, or nothing when <c>$when</c> is false; an array <c>$data</c> becomes the scope.</summary>
    public override JsonNode? Expand(TemplateScope scope, ITextEscaper escaper, TextRole role) =>
        ExpandItems(scope, escaper, role, repeat: false).FirstOrDefault();

    /// <summary>
    /// Zero or more copies: with <paramref name="repeat"/> (inside an array) an array <c>$data</c> gives one
    /// copy per item, with <c>$index</c> set. <c>$when</c> is checked per copy, in that copy's scope.
    /// A null or missing <c>$data</c> binds a null scope rather than dropping the object; use <c>$when</c> to hide it.
    /// </summary>
    public IEnumerable<JsonObject> ExpandItems(TemplateScope scope, ITextEscaper escaper, TextRole role, bool repeat)
    {
        IEnumerable<TemplateScope> scopes = [scope];
        if (data is not null)
        {
            var bound = data.Expand(scope, escaper, TextRole.Plain);
            scopes = repeat && bound is JsonArray items
                ? items.Select((item, index) => scope with { Data = item, Index = index })
                : [scope with { Data = bound }];
        }

        foreach (var itemScope in scopes)
        {
            if (when is null || TemplateValues.IsTrue(when.Evaluate(itemScope)))
            {
                yield return ExpandProperties(itemScope, escaper, role);
            }
        }
    }

    private JsonObject ExpandProperties(TemplateScope scope, ITextEscaper escaper, TextRole role)
    {
        // The element type decides which properties are markdown, so expand it first (it may be bound).
        var typeNode = properties.FirstOrDefault(p => p.Key == "type").Value;
        var type = typeNode?.Expand(scope, escaper, TextRole.Plain);
        var typeName = TemplateValues.Kind(type) == JsonValueKind.String ? type!.GetValue<string>() : null;

        var result = new JsonObject();
        foreach (var (name, node) in properties)
        {
            if (ReferenceEquals(node, typeNode))
            {
                result[name] = type;
                continue;
            }

            var childRole = ChildRole(typeName, role, name);
            if (node is ObjectTemplateNode obj)
            {
                // A property whose object is switched off by $when is left out, not set to null.
                if (obj.Expand(scope, escaper, childRole) is { } expanded)
                {
                    result[name] = expanded;
                }
            }
            else
            {
                result[name] = node.Expand(scope, escaper, childRole);
            }
        }

        return result;
    }

    // The properties Adaptive Cards renders as markdown: TextBlock.text and a Fact's title and value.
    private static TextRole ChildRole(string? type, TextRole role, string property) => (type, property) switch
    {
        ("TextBlock", "text") => TextRole.Markdown,
        ("FactSet", "facts") => TextRole.Facts,
        (_, "title" or "value") when role == TextRole.Facts => TextRole.Markdown,
        _ => TextRole.Plain,
    };

    private static TemplateExpression? CompileWhen(JsonNode? value, string templateName)
    {
        if (TemplateValues.Kind(value) is JsonValueKind.True or JsonValueKind.False)
        {
            return new TemplateExpression.Literal(value!.DeepClone());
        }

        var text = TemplateValues.Kind(value) == JsonValueKind.String ? value!.GetValue<string>() : null;
        if (text is not null
            && StringTemplateNode.Compile(text, templateName) is StringTemplateNode { SingleBinding: { } binding })
        {
            return binding;
        }

        throw new CardTemplateException(
            templateName, value?.ToJsonString(), "$when must be one ${...} binding or a boolean");
    }
}
