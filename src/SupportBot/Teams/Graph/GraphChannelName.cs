using System.Text;

namespace SupportBot.Teams.Graph;

/// <summary>
/// A Teams channel display name from the bridge's name: at most 50 characters, without the characters
/// Teams refuses in channel names (<c>~ # % &amp; * { } + / \ : &lt; &gt; ? | ' " ,</c>), no "..", not
/// starting with '_' or '.' nor ending with '.'. A later attempt gets a number, to be unique in the team.
/// </summary>
public static class GraphChannelName
{
    public const int MaxLength = 50;
    private const string Forbidden = "~#%&*{}+/\\:<>?|'\",";

    public static string For(string name, int attempt = 1)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = new StringBuilder();
        foreach (var ch in name)
        {
            if (char.IsWhiteSpace(ch) || char.IsControl(ch))
            {
                if (text.Length > 0 && text[^1] != ' ')
                {
                    text.Append(' ');
                }
            }
            else if (!Forbidden.Contains(ch, StringComparison.Ordinal) && !(ch == '.' && text.Length > 0 && text[^1] == '.'))
            {
                text.Append(ch);
            }
        }
        var suffix = attempt > 1 ? $" {attempt}" : "";
        var body = Tidy(text.ToString());
        body = Tidy(body.Length > MaxLength - suffix.Length ? body[..(MaxLength - suffix.Length)] : body);
        return (body.Length == 0 ? "incident" : body) + suffix;
    }

    private static string Tidy(string text) => text.TrimStart('_', '.', ' ', '-').TrimEnd('.', ' ', '-');
}
