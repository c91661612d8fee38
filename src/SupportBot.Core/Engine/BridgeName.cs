using System.Text;

namespace SupportBot.Core.Engine;

/// <summary>
/// A bridge channel's name from the case number and title, within Slack's rules (the strictest of the
/// platforms): lower case letters, digits, hyphens and underscores, at most 80 characters. The case
/// number makes it unique; the adapter still retries with a suffix if the platform says it is taken.
/// </summary>
public static class BridgeName
{
    public const int MaxLength = 80;

    public static string For(string caseNumber, string title)
    {
        var name = new StringBuilder("incident-").Append(Slug(caseNumber));
        var slug = Slug(title);
        if (slug.Length > 0)
        {
            name.Append('-').Append(slug);
        }
        var text = name.ToString();
        return text.Length <= MaxLength ? text : text[..MaxLength].TrimEnd('-');
    }

    /// <summary>Letters and digits kept (accents dropped), everything else one hyphen.</summary>
    private static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (var ch in text.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (ch is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                slug.Append(ch);
            }
            else if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(ch) == System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        return slug.ToString().Trim('-');
    }
}
