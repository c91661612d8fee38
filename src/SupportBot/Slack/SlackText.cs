namespace SupportBot.Slack;

public static class SlackText
{
    /// <summary>
    /// At most <paramref name="max"/> UTF-16 units (Slack counts characters, so this is on the safe
    /// side), never splitting a surrogate pair.
    /// </summary>
    public static string Cut(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max)
        {
            return text;
        }
        var length = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..length];
    }
}
