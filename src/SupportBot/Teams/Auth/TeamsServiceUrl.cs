using System.Net;

namespace SupportBot.Teams.Auth;

/// <summary>Service URL comparison for the token binding, and the loopback test of the anonymous mode.</summary>
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

    /// <summary>
    /// True for an absolute http(s) URL without user info on <c>localhost</c> or a loopback address:
    /// the Emulator's own connector on this machine (it serves <c>http://localhost:{port}</c>).
    /// </summary>
    public static bool IsLoopback(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u)
        && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(u.UserInfo)
        && (string.Equals(u.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase)
            || IPAddress.TryParse(u.IdnHost, out var address) && IsLoopback(address));

    /// <summary>127.0.0.0/8 and ::1, also when written as an IPv4-mapped IPv6 address.</summary>
    public static bool IsLoopback(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }
}
