using System.Text.Json.Nodes;

namespace SupportBot.Slack.BlockKit;

/// <summary>
/// Text objects and the mrkdwn escaping rule: <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> are Slack's control
/// characters, so escaping them is what stops a case description from carrying <c>&lt;!channel&gt;</c>,
/// <c>&lt;@U…&gt;</c> or a disguised link. Cards are rendered without escaping and every string is escaped
/// here as it is placed into a mrkdwn object; plain_text objects show text literally and are left as typed.
/// </summary>
internal static class SlackText
{
    public const string Ellipsis = "…";

    /// <summary>Escapes the three mrkdwn control characters, <c>&amp;</c> first (slack-protocol.md §5).</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// Adaptive Card markdown as escaped Slack mrkdwn: <c>**bold**</c> becomes <c>*bold*</c>. The same
    /// happens to asterisks a user typed, which can change emphasis but never notify anyone.
    /// </summary>
    public static string FromAdaptive(string text) => Escape(text).Replace("**", "*", StringComparison.Ordinal);

    /// <summary>Each non-empty line between <c>*</c>: Slack's bold does not span lines.</summary>
    public static string Bold(string mrkdwn) => EachLine(mrkdwn, '*');

    /// <summary>Each non-empty line as a code span, unless the text has backticks of its own.</summary>
    public static string Code(string mrkdwn) => mrkdwn.Contains('`', StringComparison.Ordinal) ? mrkdwn : EachLine(mrkdwn, '`');

    /// <summary>At most <paramref name="limit"/> code units, ending in "…" when cut; never splits a surrogate pair.</summary>
    public static string Truncate(string text, int limit)
    {
        if (text.Length <= limit)
        {
            return text;
        }

        var cut = Math.Max(0, limit - Ellipsis.Length);
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut] + Ellipsis;
    }

    /// <summary>As <see cref="Truncate"/>, for escaped text: never cuts inside <c>&amp;amp;</c>, <c>&amp;lt;</c> or <c>&amp;gt;</c>.</summary>
    public static string TruncateMrkdwn(string mrkdwn, int limit)
    {
        if (mrkdwn.Length <= limit)
        {
            return mrkdwn;
        }

        var cut = Math.Max(0, limit - Ellipsis.Length);
        if (cut > 0 && char.IsHighSurrogate(mrkdwn[cut - 1]))
        {
            cut--;
        }

        // Escaped text has '&' only at the start of an entity, and no entity is longer than "&amp;".
        var amp = cut == 0 ? -1 : mrkdwn.LastIndexOf('&', cut - 1, Math.Min(cut, 4));
        if (amp >= 0 && mrkdwn.IndexOf(';', amp) is var semicolon && (semicolon < 0 || semicolon >= cut))
        {
            cut = amp;
        }

        return mrkdwn[..cut] + Ellipsis;
    }

    public static JsonObject Plain(string text, int limit) => new() { ["type"] = "plain_text", ["text"] = Truncate(text, limit) };

    /// <summary>A mrkdwn object for text that is already escaped (see <see cref="Escape"/>).</summary>
    public static JsonObject Mrkdwn(string mrkdwn, int limit) => new() { ["type"] = "mrkdwn", ["text"] = TruncateMrkdwn(mrkdwn, limit) };

    private static string EachLine(string text, char mark) =>
        string.Join('\n', text.Split('\n').Select(line => line.Trim() is { Length: > 0 } trimmed ? $"{mark}{trimmed}{mark}" : line));
}
