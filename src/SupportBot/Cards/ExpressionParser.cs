using System.Text.Json.Nodes;

namespace SupportBot.Cards;

/// <summary>
/// Recursive-descent parser for the binding-expression subset. Precedence, loosest first:
/// <c>||</c>, <c>&amp;&amp;</c>, <c>== !=</c>, <c>&lt; &lt;= &gt; &gt;=</c>, <c>!</c>, then paths, calls and literals.
/// </summary>
internal sealed class ExpressionParser
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal) { "$data", "$root", "$index" };

    private readonly List<Token> tokens;
    private readonly Func<string, Exception> error;
    private int position;

    private ExpressionParser(List<Token> tokens, Func<string, Exception> error)
    {
        this.tokens = tokens;
        this.error = error;
    }

    /// <param name="text">The inside of <c>${...}</c>.</param>
    public static TemplateExpression Parse(string text, string templateName)
    {
        Exception Error(string reason) => new CardTemplateException(templateName, "${" + text + "}", reason);
        var parser = new ExpressionParser(ExpressionTokenizer.Tokenize(text, Error), Error);
        if (parser.Current.Kind == TokenKind.End)
        {
            throw Error("empty expression");
        }

        var expression = parser.ParseOr();
        if (parser.Current.Kind != TokenKind.End)
        {
            throw Error($"unexpected '{parser.Current.Text}' at position {parser.Current.Position}");
        }

        return expression;
    }

    private Token Current => tokens[position];

    private bool Accept(string symbol)
    {
        if (Current.Kind == TokenKind.Symbol && Current.Text == symbol)
        {
            position++;
            return true;
        }

        return false;
    }

    private void Expect(string symbol)
    {
        if (!Accept(symbol))
        {
            var found = Current.Kind == TokenKind.End ? "end of expression" : $"'{Current.Text}'";
            throw error($"expected '{symbol}' but found {found} at position {Current.Position}");
        }
    }

    private TemplateExpression ParseOr() => ParseLeftAssociative(ParseAnd, "||");

    private TemplateExpression ParseAnd() => ParseLeftAssociative(ParseEquality, "&&");

    private TemplateExpression ParseEquality() => ParseLeftAssociative(ParseRelational, "==", "!=");

    private TemplateExpression ParseRelational() => ParseLeftAssociative(ParseUnary, "<", "<=", ">", ">=");

    private TemplateExpression ParseLeftAssociative(Func<TemplateExpression> operand, params string[] operators)
    {
        var left = operand();
        while (Current.Kind == TokenKind.Symbol && Array.IndexOf(operators, Current.Text) >= 0)
        {
            var op = tokens[position++].Text;
            left = new TemplateExpression.Binary(op, left, operand());
        }

        return left;
    }

    private TemplateExpression ParseUnary() =>
        Accept("!") ? new TemplateExpression.Not(ParseUnary()) : ParsePostfix(ParsePrimary());

    private TemplateExpression ParsePostfix(TemplateExpression target)
    {
        while (true)
        {
            if (Accept("."))
            {
                if (Current.Kind != TokenKind.Name)
                {
                    throw error($"expected a property name after '.' at position {Current.Position}");
                }

                target = new TemplateExpression.Member(target, tokens[position++].Text);
            }
            else if (Accept("["))
            {
                var index = ParseOr();
                Expect("]");
                target = new TemplateExpression.Index(target, index);
            }
            else
            {
                return target;
            }
        }
    }

    private TemplateExpression ParsePrimary()
    {
        var token = tokens[position];
        switch (token.Kind)
        {
            case TokenKind.Literal:
                position++;
                return new TemplateExpression.Literal(token.Value);
            case TokenKind.Name:
                position++;
                return ParseName(token);
            case TokenKind.Symbol when token.Text == "(":
                position++;
                var inner = ParseOr();
                Expect(")");
                return inner;
            default:
                var found = token.Kind == TokenKind.End ? "end of expression" : $"'{token.Text}'";
                throw error($"expected a value but found {found} at position {token.Position}");
        }
    }

    private TemplateExpression ParseName(Token name)
    {
        if (Current.Kind == TokenKind.Symbol && Current.Text == "(")
        {
            return ParseCall(name);
        }

        return name.Text switch
        {
            "true" => new TemplateExpression.Literal(JsonValue.Create(true)),
            "false" => new TemplateExpression.Literal(JsonValue.Create(false)),
            "null" => new TemplateExpression.Literal(null),
            _ when Keywords.Contains(name.Text) => new TemplateExpression.Keyword(name.Text),
            // Other $-names ($host, $_acTemplateVersion …) exist in the full language but not here.
            _ when name.Text.StartsWith('$') => throw error($"unknown keyword '{name.Text}'"),
            _ => new TemplateExpression.Member(null, name.Text),
        };
    }

    private TemplateExpression.Call ParseCall(Token name)
    {
        if (!ExpressionFunctions.TryGet(name.Text, out var function))
        {
            throw error($"unknown function '{name.Text}'");
        }

        Expect("(");
        var arguments = new List<TemplateExpression>();
        if (!Accept(")"))
        {
            do
            {
                arguments.Add(ParseOr());
            }
            while (Accept(","));
            Expect(")");
        }

        if (arguments.Count < function.MinArguments || arguments.Count > function.MaxArguments)
        {
            var expected = function.MinArguments == function.MaxArguments
                ? $"{function.MinArguments}"
                : $"at least {function.MinArguments}";
            throw error($"function '{name.Text}' takes {expected} argument(s) but was given {arguments.Count}");
        }

        return new TemplateExpression.Call(function.Invoke, arguments);
    }
}
