using SupportBot.Teams.Auth;

namespace SupportBot.Teams.Connector;

/// <summary>
/// Which service URLs may receive the bot's token (teams-protocol.md §5.1, §10.5). With no
/// <see cref="TeamsOptions.AllowedServiceUrls"/> configured: the public and government Teams hosts,
/// HTTPS on the default port, exact host match (anyone can register another <c>*.trafficmanager.net</c>).
/// A configured entry is a prefix compared by parts — scheme, host and port exactly, then the path —
/// so <c>https://smba.trafficmanager.net</c> does not admit <c>https://smba.trafficmanager.net.evil.example/</c>.
/// </summary>
public static class TeamsServiceUrls
{
    /// <summary>The Connector hosts of the public cloud, GCC, GCC High and DoD.</summary>
    public static readonly IReadOnlyList<string> PublicHosts =
    [
        "smba.trafficmanager.net",
        "smba.infra.gcc.teams.microsoft.com",
        "smba.infra.gov.teams.microsoft.us",
        "smba.infra.dod.teams.microsoft.us",
    ];

    /// <summary>
    /// <see cref="IsAllowed(string?, IEnumerable{string})"/> with the configured list, or with no
    /// AppId (the anonymous Emulator mode) loopback service URLs only: nothing else may receive activities sent without a token.
    /// </summary>
    public static bool IsAllowed(string? serviceUrl, TeamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Enabled ? IsAllowed(serviceUrl, options.AllowedServiceUrls) : TeamsServiceUrl.IsLoopback(serviceUrl);
    }

    public static bool IsAllowed(string? serviceUrl, IEnumerable<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var url) || !string.IsNullOrEmpty(url.UserInfo))
        {
            return false;
        }
        var prefixes = allowed.Where(a => !string.IsNullOrWhiteSpace(a)).ToList();
        if (prefixes.Count == 0)
        {
            return url.Scheme == Uri.UriSchemeHttps && url.IsDefaultPort
                && PublicHosts.Contains(url.IdnHost, StringComparer.OrdinalIgnoreCase);
        }
        return prefixes.Any(p => Matches(url, p));
    }

    private static bool Matches(Uri url, string prefix)
    {
        if (!Uri.TryCreate(prefix, UriKind.Absolute, out var allowed))
        {
            return false;
        }
        var path = allowed.AbsolutePath.EndsWith('/') ? allowed.AbsolutePath : allowed.AbsolutePath + "/";
        return string.Equals(url.Scheme, allowed.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(url.IdnHost, allowed.IdnHost, StringComparison.OrdinalIgnoreCase)
            && url.Port == allowed.Port
            && (url.AbsolutePath + "/").StartsWith(path, StringComparison.Ordinal);
    }
}
