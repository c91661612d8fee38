using System.Net;

namespace SupportBot.Hosting;

/// <summary>Whether a request comes from this machine and is addressed to it (the local workspace, the dashboard without a token).</summary>
public static class LoopbackRequest
{
    /// <summary>
    /// From a loopback address, addressed to a loopback name: another site the browser visits cannot
    /// reach the page by pointing its own host name at 127.0.0.1 (DNS rebinding).
    /// </summary>
    public static bool IsLocal(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var host = http.Request.Host.Host;
        var loopbackName = host is "localhost" or "[::1]" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
        return http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip) && loopbackName;
    }
}
