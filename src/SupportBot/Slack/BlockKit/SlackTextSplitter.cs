namespace SupportBot.Slack.BlockKit;

/// <summary>
/// Cuts escaped mrkdwn into pieces of at most a given length, so that a long description fills several
/// section blocks instead of being truncated. A piece ends at the last line break in its window, else at
/// the last space, else where it must; never inside a surrogate pair or an entity such as <c>&amp;amp;</c>.
/// Joined with the separators dropped at the cuts, the pieces are the text again.
/// </summary>
internal static class SlackTextSplitter
{
    public static List<string> Split(string mrkdwn, int limit)
    {
        ArgumentNullException.ThrowIfNull(mrkdwn);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 8);
        var pieces = new List<string>();
        var rest = mrkdwn.AsSpan().Trim();
        while (rest.Length > limit)
        {
            var (end, skip) = Cut(rest[..(limit + 1)]);
            if (rest[..end].Trim() is { Length: > 0 } piece)
            {
                pieces.Add(piece.ToString());
            }

            rest = rest[(end + skip)..].TrimStart();
        }

        if (rest.Length > 0)
        {
            pieces.Add(rest.ToString());
        }

        return pieces;
    }

    /// <summary>Where to end a piece inside <paramref name="window"/> (one past the limit), and how many separator characters to drop.</summary>
    private static (int End, int Skip) Cut(ReadOnlySpan<char> window)
    {
        var limit = window.Length - 1;
        // Only break at a separator in the second half, or pieces get needlessly small.
        var line = window.LastIndexOf('\n');
        if (line >= limit / 2)
        {
            return (line, 1);
        }

        var space = window.LastIndexOf(' ');
        if (space >= limit / 2)
        {
            return (space, 1);
        }

        var end = limit;
        if (char.IsLowSurrogate(window[end]) && char.IsHighSurrogate(window[end - 1]))
        {
            end--;
        }

        // Escaped text has '&' only at the start of an entity, and no entity is longer than "&amp;".
        var amp = window[..end].LastIndexOf('&');
        if (amp >= 0 && amp > end - 5 && window[amp..end].IndexOf(';') < 0)
        {
            end = amp;
        }

        return (end, 0);
    }
}
