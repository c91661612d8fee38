using System.Text.Json.Nodes;

namespace SupportBot.Cards;

/// <summary>An array; object items with an array-valued <c>$data</c> are repeated in place.</summary>
internal sealed class ArrayTemplateNode(IReadOnlyList<TemplateNode> items) : TemplateNode
{
    public override JsonNode? Expand(TemplateScope scope, ITextEscaper escaper, TextRole role)
    {
        var result = new JsonArray();
        foreach (var item in items)
        {
            if (item is ObjectTemplateNode obj)
            {
                foreach (var expanded in obj.ExpandItems(scope, escaper, role, repeat: true))
                {
                    result.Add(expanded);
                }
            }
            else
            {
                result.Add(item.Expand(scope, escaper, role));
            }
        }

        return result;
    }
}
