using System.Collections.Frozen;
using System.Reflection;

namespace SupportBot.Hosting;

/// <summary>The static files of the app's pages (workspace, dashboard), embedded in the assembly so nothing is built or installed to serve them.</summary>
public static class EmbeddedPages
{
    public static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    }.ToFrozenDictionary();

    /// <summary>The embedded files under <paramref name="resourcePrefix"/>, by file name.</summary>
    public static FrozenDictionary<string, byte[]> Load(string resourcePrefix)
    {
        var assembly = typeof(EmbeddedPages).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal) && ContentTypes.ContainsKey(Path.GetExtension(n)))
            .ToFrozenDictionary(n => n[resourcePrefix.Length..], n => Read(assembly, n), StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
