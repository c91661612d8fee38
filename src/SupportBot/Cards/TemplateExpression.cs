using System.Text.Json.Nodes;

namespace SupportBot.Cards;

/// <summary>
/// A parsed binding expression (the inside of <c>${...}</c>). Trees are built once when a template is
/// loaded and evaluated many times; evaluation never throws for odd data and never mutates it.
/// </summary>
internal abstract class TemplateExpression
{
    public abstract JsonNode? Evaluate(TemplateScope scope);

    public sealed class Literal(JsonNode? value) : TemplateExpression
    {
        public override JsonNode? Evaluate(TemplateScope scope) => value;
    }

    /// <summary><c>$data</c>, <c>$root</c> or <c>$index</c>.</summary>
    public sealed class Keyword(string name) : TemplateExpression
    {
        public override JsonNode? Evaluate(TemplateScope scope) => name switch
        {
            "$root" => scope.Root,
            "$index" => scope.Index is { } i ? TemplateValues.Number(i) : null,
            _ => scope.Data,
        };
    }

    /// <summary>A bare name is a property of the current <c>$data</c>, or of a preceding expression.</summary>
    public sealed class Member(TemplateExpression? target, string name) : TemplateExpression
    {
        public override JsonNode? Evaluate(TemplateScope scope) =>
            TemplateValues.Member(target is null ? scope.Data : target.Evaluate(scope), name);
    }

    public sealed class Index(TemplateExpression target, TemplateExpression index) : TemplateExpression
    {
        public override JsonNode? Evaluate(TemplateScope scope) =>
            TemplateValues.Index(target.Evaluate(scope), index.Evaluate(scope));
    }

    public sealed class Not(TemplateExpression operand) : TemplateExpression
    {
        public override JsonNode? Evaluate(TemplateScope scope) =>
            TemplateValues.Bool(!TemplateValues.IsTrue(operand.Evaluate(scope)));
    }

    public sealed class Binary(string op, TemplateExpression left, TemplateExpression right) : TemplateExpression
    {
        public override JsonNode? Evaluate(TemplateScope scope)
        {
            var l = left.Evaluate(scope);
            // && and || short-circuit, as in Adaptive Expressions.
            if (op == "&&")
            {
                return TemplateValues.Bool(TemplateValues.IsTrue(l) && TemplateValues.IsTrue(right.Evaluate(scope)));
            }

            if (op == "||")
            {
                return TemplateValues.Bool(TemplateValues.IsTrue(l) || TemplateValues.IsTrue(right.Evaluate(scope)));
            }

            var r = right.Evaluate(scope);
            if (op is "==" or "!=")
            {
                return TemplateValues.Bool(TemplateValues.AreEqual(l, r) == (op == "=="));
            }

            // Comparing values that have no order (null, a number with a string) is false, not an error.
            var order = TemplateValues.Compare(l, r);
            return TemplateValues.Bool(order is { } o && op switch
            {
                "<" => o < 0,
                "<=" => o <= 0,
                ">" => o > 0,
                _ => o >= 0,
            });
        }
    }

    public sealed class Call(ExpressionFunctions.Function function, IReadOnlyList<TemplateExpression> arguments)
        : TemplateExpression
    {
        public override JsonNode? Evaluate(TemplateScope scope) => function(arguments, scope);
    }
}
