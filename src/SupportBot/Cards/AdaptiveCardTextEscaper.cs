using System.Text;

namespace SupportBot.Cards;

/// <summary>
/// Backslash-escapes the characters that Adaptive Card markdown (TextBlock text, Fact title/value) gives
/// meaning to, so that a case description cannot create links, emphasis, headings, lists or
/// <c>&lt;at&gt;</c> mentions. CommonMark renders a backslash before ASCII punctuation as the bare character.
/// </summary>
public sealed class AdaptiveCardTextEscaper : ITextEscaper
{
    public static readonly AdaptiveCardTextEscaper Instance = new();

    // `!` is left alone: without an escaped `[` it cannot start an image.
    private const string Significant = "\\*_[]()<>`#~|";

    public string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length + 8);
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (lineStart && c is ' ' or '\t')
            {
                result.Append(c);
                continue;
            }

            if (lineStart)
            {
                i = EscapeLineMarker(text, i, result);
                c = text[i];
                lineStart = false;
            }

            if (Significant.Contains(c, StringComparison.Ordinal))
            {
                result.Append('\\');
            }

            result.Append(c);
            lineStart = c == '\n';
        }

        return result.ToString();
    }

    // A line that starts with "- ", "+ ", "1. " (or "=" / "-" under a line, a setext heading) becomes
    // a list or heading; "1)" needs nothing here because ")" is escaped anyway.
    // Escapes the marker and returns the index of the first character not yet written.
    private static int EscapeLineMarker(string text, int i, StringBuilder result)
    {
        if (text[i] is '-' or '+' or '=')
        {
            result.Append('\\');
            return i;
        }

        var digits = i;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits > i && digits < text.Length && text[digits] == '.')
        {
            result.Append(text, i, digits - i).Append('\\');
            return digits;
        }

        return i;
    }
}
