using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SupportBot.Hosting;

namespace SupportBot.Dashboard;

/// <summary>
/// Who may see the dashboard. With an admin token configured: whoever presents it, as
/// <c>Authorization: Bearer</c> or as the login form's cookie, compared in constant time; 401
/// otherwise. Without one: connections from this machine to a loopback name only; 403 otherwise.
/// </summary>
public sealed class DashboardAccess(IOptions<DashboardOptions> options)
{
    public const string CookieName = "supportbot-dashboard";

    public enum Verdict { Allowed, NeedsToken, NotLocal }

    private byte[] Token => Encoding.UTF8.GetBytes(options.Value.AdminToken);

    public bool HasToken => options.Value.AdminToken.Length > 0;

    public Verdict Check(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!HasToken)
        {
            return LoopbackRequest.IsLocal(http) ? Verdict.Allowed : Verdict.NotLocal;
        }
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Accepts(header["Bearer ".Length..].Trim()))
        {
            return Verdict.Allowed;
        }
        return http.Request.Cookies.TryGetValue(CookieName, out var cookie) && Same(Encoding.UTF8.GetBytes(cookie), Encoding.UTF8.GetBytes(SessionValue()))
            ? Verdict.Allowed
            : Verdict.NeedsToken;
    }

    /// <summary>Whether a presented token is the admin token (false when none is configured).</summary>
    public bool Accepts(string? presented) => HasToken && Same(Encoding.UTF8.GetBytes(presented ?? ""), Token);

    /// <summary>
    /// The cookie's value: derived from the token rather than the token itself, so a cookie that leaks
    /// cannot be replayed as a Bearer token elsewhere; changing the token ends every session.
    /// </summary>
    public string SessionValue() =>
        Convert.ToBase64String(HMACSHA256.HashData(Token, "supportbot-dashboard-session"u8)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Hashing first gives equal lengths, so the comparison's time tells nothing about the token, not even its length.</summary>
    private static bool Same(byte[] a, byte[] b) => CryptographicOperations.FixedTimeEquals(SHA256.HashData(a), SHA256.HashData(b));
}
