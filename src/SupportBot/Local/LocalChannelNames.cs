using System.Text;

namespace SupportBot.Local;

/// <summary>Channel ids derived from names, Slack style: lower case, letters, digits and dashes, at most 80 characters.</summary>
public static class LocalChannelNames
{
    private const int MaxLength = 80;

    public static string Slug(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var slug = new StringBuilder(name.Length);
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        var id = slug.ToString().TrimEnd('-');
        if (id.Length > MaxLength)
        {
            id = id[..MaxLength].TrimEnd('-');
        }
        return id.Length == 0 ? "channel" : id;
    }

    /// <summary>The first of <c>slug</c>, <c>slug-2</c>, <c>slug-3</c>, … that is not taken.</summary>
    public static string Unique(string slug, Func<string, bool> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        var candidate = slug;
        for (var n = 2; taken(candidate); n++)
        {
            candidate = $"{slug}-{n}";
        }
        return candidate;
    }
}
