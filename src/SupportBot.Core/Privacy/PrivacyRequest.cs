using System.Text.RegularExpressions;
using SupportBot.Core.Channels;

namespace SupportBot.Core.Privacy;

public enum PrivacyAction { Export, Erase }

/// <summary>
/// An admin's request about one person's personal data. <see cref="Subject"/> is the person's user key
/// (<c>slack:U0123</c>, <c>teams:29:…</c>, <c>local:rita</c>); <see cref="By"/> and <see cref="ByName"/> say who asked, for the audit.
/// </summary>
public sealed record PrivacyRequest(PrivacyAction Action, string Subject, string By, string ByName)
{
    public const string Usage = "privacy export <person> | privacy erase <person> [confirm]";

    /// <summary>What an erase leaves in place of a name, an email or a text the person wrote.</summary>
    public const string Tombstone = "[erased]";
}

/// <summary>Reads <c>export &lt;person&gt;</c> and <c>erase &lt;person&gt; [confirm]</c>, the words after <c>privacy</c>.</summary>
public static partial class PrivacyCommand
{
    /// <param name="platform">Where the admin typed it: a bare account id is an account of that platform.</param>
    /// <returns>The action, the person's user key and whether an erase was confirmed; or the error to show.</returns>
    public static (PrivacyAction Action, string Subject, bool Confirmed)? Parse(string args, ChannelKind platform, out string error)
    {
        ArgumentNullException.ThrowIfNull(args);
        error = $"Say what to do and for whom: {PrivacyRequest.Usage}. A person is a Slack mention, or platform:account such as slack:U0123, teams:29:1a2b or local:rita.";
        var words = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is < 2 or > 3)
        {
            return null;
        }
        PrivacyAction? action = words[0].ToLowerInvariant() switch
        {
            "export" => PrivacyAction.Export,
            "erase" => PrivacyAction.Erase,
            _ => null,
        };
        var confirmed = words.Length == 3 && string.Equals(words[2], "confirm", StringComparison.OrdinalIgnoreCase);
        if (action is null || (words.Length == 3 && (!confirmed || action != PrivacyAction.Erase)))
        {
            return null;
        }
        if (Subject(words[1], platform) is not { } subject)
        {
            error = $"'{words[1]}' is not a person I can look up: use a Slack mention, or platform:account such as slack:U0123, teams:29:1a2b or local:rita.";
            return null;
        }
        return (action.Value, subject, confirmed);
    }

    /// <summary>The user key for a Slack mention (<c>&lt;@U0123|rita&gt;</c>), a <c>platform:account</c>, or a bare account of <paramref name="platform"/>.</summary>
    public static string? Subject(string text, ChannelKind platform)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (SlackMention().Match(text) is { Success: true } mention)
        {
            return $"slack:{mention.Groups[1].Value}";
        }
        if (text.Contains('<', StringComparison.Ordinal) || text.Contains('>', StringComparison.Ordinal) || text.Contains('@', StringComparison.Ordinal))
        {
            // A Teams mention or an email names no account.
            return null;
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && text[..colon] is "local" or "slack" or "teams")
        {
            return colon < text.Length - 1 ? text : null;
        }
        return $"{platform.Id()}:{text}";
    }

    [GeneratedRegex(@"^<@([UW][A-Z0-9]+)(\|[^>]*)?>$")]
    private static partial Regex SlackMention();
}
