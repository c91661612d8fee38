using System.Text;
using System.Text.Json.Nodes;

namespace SupportBot.Cards;

/// <summary>A string with at least one <c>${...}</c> binding.</summary>
internal sealed class StringTemplateNode : TemplateNode
{
    // Each part is either literal template text (string) or a binding (TemplateExpression).
    private readonly IReadOnlyList<object> parts;

    private StringTemplateNode(IReadOnlyList<object> parts) => this.parts = parts;

    /// <summary>The expression when the whole string is one binding, which keeps the value's JSON type.</summary>
    public TemplateExpression? SingleBinding => parts is [TemplateExpression only] ? only : null;

    public static TemplateNode Compile(string text, string templateName)
    {
        var parts = new List<object>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != '$' || i + 1 == text.Length || text[i + 1] != '{')
            {
                literal.Append(text[i++]);
                continue;
            }

            var end = FindClosingBrace(text, i + 2)
                ?? throw new CardTemplateException(templateName, text[i..], "unterminated binding (missing '}')");
            if (literal.Length > 0)
            {
                parts.Add(literal.ToString());
                literal.Clear();
            }

            parts.Add(ExpressionParser.Parse(text[(i + 2)..end], templateName));
            i = end + 1;
        }

        if (parts.Count == 0)
        {
            return new Literal(JsonValue.Create(text));
        }

        if (literal.Length > 0)
        {
            parts.Add(literal.ToString());
        }

        return new StringTemplateNode(parts);
    }

    public override JsonNode? Expand(TemplateScope scope, ITextEscaper escaper, TextRole role)
    {
        var markdown = role == TextRole.Markdown;
        if (SingleBinding is { } single && !markdown)
        {
            return single.Evaluate(scope)?.DeepClone();
        }

        // Only bound values are escaped: the template's own text is trusted markdown.
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            if (part is TemplateExpression expression)
            {
                var value = TemplateValues.ToText(expression.Evaluate(scope));
                text.Append(markdown ? escaper.Escape(value) : value);
            }
            else
            {
                text.Append((string)part);
            }
        }

        return JsonValue.Create(text.ToString());
    }

    // Quotes may contain '}', so skip quoted strings while looking for the end of the binding.
    private static int? FindClosingBrace(string text, int start)
    {
        char? quote = null;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '}')
            {
                return i;
            }
        }

        return null;
    }
}
