namespace SupportBot.Slack.Api;

/// <summary>
/// The only <c>response_url</c>s the bot posts to: <c>https://hooks.slack.com/…</c>, exactly. A
/// response URL arrives in a payload, so anything else (another host, a look-alike host, a port,
/// user info, plain http) is someone trying to make the bot send requests for them (SSRF).
/// </summary>
public static class SlackResponseUrl
{
    public const string Host = "hooks.slack.com";

    public static bool IsAllowed(string? url) => IsAllowed(url, null);

    /// <summary>
    /// <paramref name="testBase"/> admits one more base (a loopback fake). Only tests pass one, through
    /// <see cref="SlackApiClient"/>'s internal hook; no setting reaches it.
    /// </summary>
    internal static bool IsAllowed(string? url, Uri? testBase)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || !uri.AbsolutePath.StartsWith('/'))
        {
            return false;
        }
        if (uri.Scheme == Uri.UriSchemeHttps && uri.IsDefaultPort && uri.Port == 443
            && string.Equals(uri.Host, Host, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return testBase is not null
            && uri.Scheme == testBase.Scheme
            && string.Equals(uri.Host, testBase.Host, StringComparison.OrdinalIgnoreCase)
            && uri.Port == testBase.Port
            && uri.AbsolutePath.StartsWith(testBase.AbsolutePath, StringComparison.Ordinal);
    }
}
