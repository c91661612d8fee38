using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SupportBot.Cards;

internal enum TokenKind
{
    Literal,
    Name,
    Symbol,
    End,
}

internal readonly record struct Token(TokenKind Kind, string Text, JsonNode? Value = null, int Position = 0);

/// <summary>Splits the inside of a <c>${...}</c> into tokens; errors carry the offending position.</summary>
internal static class ExpressionTokenizer
{
    // Longest first, so that "<=" is not read as "<" then "=".
    private static readonly string[] Symbols =
        ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")", "[", "]", ".", ","];

    public static List<Token> Tokenize(string text, Func<string, Exception> error)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i == text.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", Position: i));
                return tokens;
            }

            var c = text[i];
            var start = i;
            if (c is '\'' or '"')
            {
                var value = ReadString(text, ref i, error);
                tokens.Add(new Token(TokenKind.Literal, text[start..i], JsonValue.Create(value), start));
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
                {
                    i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }
                }

                if (!decimal.TryParse(text[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                {
                    throw error($"the number at position {start} is too large");
                }

                tokens.Add(new Token(TokenKind.Literal, text[start..i], JsonValue.Create(number), start));
            }
            else if (char.IsAsciiLetter(c) || c is '_' or '$')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '$'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Name, text[start..i], Position: start));
            }
            else
            {
                var symbol = Array.Find(Symbols, s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0)
                    ?? throw error($"unexpected character '{c}' at position {i}");
                i += symbol.Length;
                tokens.Add(new Token(TokenKind.Symbol, symbol, Position: start));
            }
        }
    }

    private static string ReadString(string text, ref int i, Func<string, Exception> error)
    {
        var quote = text[i++];
        var value = new StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
                value.Append(text[i] switch { 'n' => '\n', 't' => '\t', var other => other });
            }
            else
            {
                value.Append(text[i]);
            }

            i++;
        }

        if (i == text.Length)
        {
            throw error("unterminated string");
        }

        i++;
        return value.ToString();
    }
}
