namespace SupportBot.Teams.Auth;

/// <summary>Service URL comparison for the token binding.</summary>
public static class TeamsServiceUrl
{
    /// <summary>
    /// True when both are the same absolute URL up to a trailing slash and letter case. The SDK
    /// compares the whole string case-insensitively; a trailing slash is the usual difference
    /// ("serviceUrl usually ends in /").
    /// </summary>
    public static bool AreSame(string? a, string? b)
    {
        if (!Uri.TryCreate(a, UriKind.Absolute, out var x) || !Uri.TryCreate(b, UriKind.Absolute, out var y))
        {
            return false;
        }

        return string.Equals(x.Scheme, y.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(x.IdnHost, y.IdnHost, StringComparison.OrdinalIgnoreCase)
            && x.Port == y.Port
            && string.IsNullOrEmpty(x.UserInfo) && string.IsNullOrEmpty(y.UserInfo)
            && string.Equals(x.AbsolutePath.TrimEnd('/'), y.AbsolutePath.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
            && string.Equals(x.Query, y.Query, StringComparison.Ordinal)
            && string.IsNullOrEmpty(x.Fragment) && string.IsNullOrEmpty(y.Fragment);
    }
}
