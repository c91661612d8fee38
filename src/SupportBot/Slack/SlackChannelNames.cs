namespace SupportBot.Slack;

/// <summary>
/// Channel names to try with <c>conversations.create</c>: the name as given (the engine's bridge
/// name already follows Slack's rules), then <c>-2</c>, <c>-3</c>… when Slack says it is taken
/// (names of archived channels stay taken). The stem is cut before the suffix so every candidate
/// stays within <see cref="MaxLength"/>.
/// </summary>
public static class SlackChannelNames
{
    public const int MaxLength = 80;

    /// <param name="attempt">1 for the name itself, 2 and up for the suffixed names.</param>
    public static string Candidate(string name, int attempt)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var suffix = attempt == 1 ? "" : $"-{attempt}";
        var room = MaxLength - suffix.Length;
        var stem = name.Length <= room ? name : name[..room].TrimEnd('-', '_');
        return stem + suffix;
    }
}
