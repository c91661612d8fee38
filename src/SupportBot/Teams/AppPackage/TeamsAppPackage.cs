using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SupportBot.Teams.AppPackage;

/// <summary>
/// The Teams app package: <c>manifest.json</c> from the template in <c>manifests/teams/</c> with the app id
/// and domain filled in, checked against the manifest schema it declares and zipped flat with its two icons
/// (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package).
/// </summary>
public static class TeamsAppPackage
{
    public const string AppIdPlaceholder = "{{APP_ID}}";
    public const string DomainPlaceholder = "{{DOMAIN}}";
    public const string ManifestFile = "manifest.json";

    /// <summary>The schema version the template is written for; its file ships inside this assembly.</summary>
    public const string SchemaVersion = "1.30";

    private static readonly Lazy<JsonSchema> LazySchema = new(LoadSchema);

    public static JsonSchema Schema => LazySchema.Value;

    /// <summary>The icons Teams asks for: name in <c>icons</c>, then the size in pixels.</summary>
    private static readonly (string Name, int Size)[] Icons = [("color", 192), ("outline", 32)];

    /// <summary>A host name as the app's valid domain: DNS only, no scheme, port, path or IP address.</summary>
    public static bool IsHostName(string domain) =>
        domain.Length <= 253 && Uri.CheckHostName(domain) == UriHostNameType.Dns && !domain.EndsWith('.');

    /// <summary>Both values are checked by the caller, so they need no JSON escaping.</summary>
    public static string Fill(string template, Guid appId, string domain)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template.Replace(AppIdPlaceholder, appId.ToString("D"), StringComparison.Ordinal)
            .Replace(DomainPlaceholder, domain, StringComparison.Ordinal);
    }

    /// <summary>Every problem with a filled-in manifest and the icons it names (read through <paramref name="readFile"/>).</summary>
    public static IReadOnlyList<string> Check(string manifest, Func<string, byte[]?> readFile)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(readFile);
        var problems = new List<string>();
        if (manifest.Contains("{{", StringComparison.Ordinal))
        {
            problems.Add("manifest.json: a {{…}} placeholder is left unfilled");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(manifest);
        }
        catch (JsonException e)
        {
            problems.Add($"manifest.json: not JSON: {e.Message}");
            return problems;
        }
        using (document)
        {
            var root = document.RootElement;
            problems.AddRange(Schema.Validate(root).Select(p => $"manifest.json {p}"));
            if (root.ValueKind != JsonValueKind.Object)
            {
                return problems;
            }
            // The schema only describes this rule; Teams enforces it on upload.
            if (root.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String
                && !Regex.IsMatch(version.GetString()!, @"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$", RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                problems.Add($"manifest.json /version: {version.GetRawText()} should be MAJOR.MINOR.PATCH, e.g. 1.0.0");
            }
            if (root.TryGetProperty("bots", out var bots) && bots.ValueKind == JsonValueKind.Array && root.TryGetProperty("id", out var id))
            {
                problems.AddRange(bots.EnumerateArray()
                    .Where(b => b.ValueKind == JsonValueKind.Object && b.TryGetProperty("botId", out var botId) && botId.ToString() != id.ToString())
                    .Select(_ => "manifest.json /bots: botId should be the app id, as the package is built for one bot registration"));
            }
            if (root.TryGetProperty("icons", out var icons) && icons.ValueKind == JsonValueKind.Object)
            {
                foreach (var (name, size) in Icons)
                {
                    if (icons.TryGetProperty(name, out var file) && file.ValueKind == JsonValueKind.String)
                    {
                        problems.AddRange(CheckIcon(name, file.GetString()!, size, readFile));
                    }
                }
            }
        }
        return problems;
    }

    /// <summary>The names of the icon files a valid manifest refers to, in zip order.</summary>
    public static IReadOnlyList<string> IconFiles(string manifest)
    {
        using var document = JsonDocument.Parse(manifest);
        var icons = document.RootElement.GetProperty("icons");
        return [.. Icons.Select(i => icons.GetProperty(i.Name).GetString()!)];
    }

    /// <summary>A flat zip: the manifest and the icons at the root, as Teams requires.</summary>
    public static void WriteZip(Stream output, string manifest, IEnumerable<(string Name, byte[] Bytes)> icons)
    {
        ArgumentNullException.ThrowIfNull(icons);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Add(zip, ManifestFile, new UTF8Encoding(false).GetBytes(manifest));
        foreach (var (name, bytes) in icons)
        {
            Add(zip, name, bytes);
        }
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        entry.Write(bytes);
    }

    private static IEnumerable<string> CheckIcon(string name, string file, int size, Func<string, byte[]?> readFile)
    {
        if (file.Contains('/', StringComparison.Ordinal) || file.Contains('\\', StringComparison.Ordinal) || file == ManifestFile)
        {
            yield return $"icons.{name}: '{file}' should be a plain file name, as the package is flat";
            yield break;
        }
        var bytes = readFile(file);
        if (bytes is null)
        {
            yield return $"icons.{name}: '{file}' not found next to manifest.json";
            yield break;
        }
        if (PngHeader.Read(bytes) is not { } png)
        {
            yield return $"icons.{name}: '{file}' is not a PNG";
            yield break;
        }
        if (png.Width != size || png.Height != size)
        {
            yield return $"icons.{name}: '{file}' is {png.Width}x{png.Height}, Teams wants {size}x{size}";
        }
        if (name == "outline" && !png.HasAlpha)
        {
            yield return $"icons.{name}: '{file}' has no alpha channel, and the outline icon is white on transparent";
        }
    }

    private static JsonSchema LoadSchema()
    {
        using var stream = typeof(TeamsAppPackage).Assembly.GetManifestResourceStream("SupportBot.Teams.MicrosoftTeams.schema.json")
            ?? throw new InvalidOperationException("The Teams manifest schema is not embedded in this build.");
        using var reader = new StreamReader(stream);
        return JsonSchema.Parse(reader.ReadToEnd());
    }
}
