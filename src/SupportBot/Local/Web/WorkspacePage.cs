using System.Collections.Frozen;
using System.Reflection;

using SupportBot.Hosting;

namespace SupportBot.Local.Web;

/// <summary>
/// The workspace page at <c>/</c> and <c>/workspace</c>, with its scripts and styles under
/// <c>/workspace/</c>: plain files embedded in the app, so nothing is built or installed to run it.
/// </summary>
public static class WorkspacePage
{
    private const string ResourcePrefix = "SupportBot.Local.Web.Assets.";

    // The page builds its DOM from text, never from markup: a policy that forbids inline and foreign scripts backs that up.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly Lazy<FrozenDictionary<string, byte[]>> Assets = new(() => EmbeddedPages.Load(ResourcePrefix));

    public static IResult Index(HttpContext http) => Serve(http, "index.html");

    public static IResult Asset(HttpContext http, string asset) => Serve(http, asset);

    private static IResult Serve(HttpContext http, string name)
    {
        if (!Assets.Value.TryGetValue(name, out var bytes))
        {
            return TypedResults.NotFound();
        }
        var headers = http.Response.Headers;
        // Always revalidate, so a new version of the app is never mixed with an old script.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return TypedResults.Bytes(bytes, EmbeddedPages.ContentTypes[Path.GetExtension(name)]);
    }
}
