using System.Collections.Frozen;
using System.Reflection;
using System.Text;

using SupportBot.Hosting;

namespace SupportBot.Dashboard;

/// <summary>
/// The dashboard's pages and their scripts and styles: plain files embedded in the app (no build
/// step), served with a policy that allows only the app's own scripts, styles and requests.
/// </summary>
public static class DashboardPage
{
    private const string ResourcePrefix = "SupportBot.Dashboard.Assets.";

    // The scripts build the DOM from text, never from markup; the policy forbids inline and foreign scripts too.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private const string FailedMarker = "<!--failed-->";

    private static readonly Lazy<FrozenDictionary<string, byte[]>> Assets = new(() => EmbeddedPages.Load(ResourcePrefix));

    public static IResult Serve(HttpContext http, string name, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!Assets.Value.TryGetValue(name, out var bytes))
        {
            return TypedResults.NotFound();
        }
        Secure(http);
        http.Response.StatusCode = status;
        return Results.Bytes(bytes, EmbeddedPages.ContentTypes[Path.GetExtension(name)]);
    }

    /// <summary>The login form, with a note that the token given was not accepted (fixed text: nothing of the request is echoed).</summary>
    public static IResult LoginFailed(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        Secure(http);
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        var html = Encoding.UTF8.GetString(Assets.Value["login.html"])
            .Replace(FailedMarker, "<p class=\"error\" role=\"alert\">That token was not accepted.</p>", StringComparison.Ordinal);
        return Results.Text(html, EmbeddedPages.ContentTypes[".html"]);
    }

    private static void Secure(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
    }
}
