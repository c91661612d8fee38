using SupportBot.Core.Policy;
using YamlDotNet.RepresentationModel;

namespace SupportBot.Policy;

/// <summary>
/// Conditions on answers, used by <c>shown_when</c> and severity rules' <c>when</c>:
/// <c>{ category: [authentication, roaming], impact: { not: global } }</c>. All clauses must match.
/// </summary>
internal static class ConditionSection
{
    /// <param name="askedAt">Index of the question being shown, so that only earlier answers may be tested.</param>
    public static AnswerCondition? Read(YamlReader reader, YamlNode node, string field, int? askedAt)
    {
        if (node is not YamlMappingNode mapping || mapping.Children.Count == 0)
        {
            reader.Error(node, field, $"expected a mapping of question ids to answers, such as {{ impact: global }} or {{ category: {{ not: [billing] }} }}, got {YamlReader.Describe(node)}");
            return null;
        }
        var clauses = new List<AnswerClause>();
        foreach (var (keyNode, value) in mapping.Children)
        {
            var question = (keyNode as YamlScalarNode)?.Value ?? "";
            var path = YamlReader.Join(field, question);
            var negate = false;
            var valuesNode = value;
            if (value is YamlMappingNode)
            {
                var not = reader.Map(value, path, "not");
                negate = true;
                valuesNode = not?.Get("not", required: true);
                path = YamlReader.Join(path, "not");
            }
            if (valuesNode is null || YamlReader.IsNull(valuesNode))
            {
                if (valuesNode is not null)
                {
                    reader.Error(valuesNode, path, "needs a value or a list of values");
                }
                continue;
            }
            var values = reader.TextList(valuesNode, path, single: true);
            if (values.Count == 0)
            {
                reader.Error(valuesNode, path, "needs at least one value");
                continue;
            }
            reader.References.UseCondition(question, keyNode, values, path, askedAt);
            clauses.Add(new AnswerClause(question, [.. values.Select(v => v.Value)], negate));
        }
        return new AnswerCondition(clauses);
    }
}
