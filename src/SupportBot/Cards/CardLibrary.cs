using System.Text.Json.Nodes;

namespace SupportBot.Cards;

/// <summary>
/// The card templates of the <c>cards/</c> folder, loaded and checked once at start-up. A template is
/// named after its file without <c>.json</c> (<c>case-opened.json</c> is <c>case-opened</c>).
/// </summary>
public sealed class CardLibrary
{
    public const string RequiredVersion = "1.5";

    private readonly Dictionary<string, CardTemplate> templates = new(StringComparer.Ordinal);

    /// <exception cref="CardLibraryException">Any template is not a schema 1.5 AdaptiveCard, or names repeat.</exception>
    public CardLibrary(IEnumerable<CardTemplate> templates)
        : this(templates, [])
    {
    }

    private CardLibrary(IEnumerable<CardTemplate> templates, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(templates);
        foreach (var template in templates)
        {
            if (Check(template) is { } reason)
            {
                problems.Add($"{template.Name}.json: {reason}");
            }
            else if (!this.templates.TryAdd(template.Name, template))
            {
                problems.Add($"{template.Name}.json: duplicate template name");
            }
        }

        if (problems.Count > 0)
        {
            throw new CardLibraryException(problems);
        }
    }

    public IReadOnlyCollection<string> Names => templates.Keys;

    /// <summary>Loads every <c>*.json</c> in <paramref name="folder"/>, reporting all bad files in one exception.</summary>
    /// <exception cref="CardLibraryException">One or more files are invalid.</exception>
    public static CardLibrary Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Card template folder '{folder}' does not exist.");
        }

        var parsed = new List<CardTemplate>();
        var problems = new List<string>();
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            try
            {
                parsed.Add(CardTemplate.Parse(name, File.ReadAllText(file)));
            }
            catch (CardTemplateException e)
            {
                var expression = e.Expression is null ? "" : $" in expression '{e.Expression}'";
                problems.Add($"{Path.GetFileName(file)}: {e.Reason}{expression}");
            }
        }

        return new CardLibrary(parsed, problems);
    }

    /// <summary>
    /// <c>cards</c> beside the executable (the host project copies it there); when running from a source
    /// tree without a build output copy, the <c>cards</c> folder beside <c>SupportBot.sln</c>.
    /// </summary>
    public static string DefaultFolder()
    {
        var besideExecutable = Path.Combine(AppContext.BaseDirectory, "cards");
        if (Directory.Exists(besideExecutable))
        {
            return besideExecutable;
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "cards");
            if (File.Exists(Path.Combine(dir.FullName, "SupportBot.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"No 'cards' folder beside the executable ({AppContext.BaseDirectory}) "
            + "or beside SupportBot.sln above the current directory.");
    }

    /// <exception cref="KeyNotFoundException">No template has that name.</exception>
    public CardTemplate Get(string name) =>
        templates.TryGetValue(name, out var template)
            ? template
            : throw new KeyNotFoundException(
                $"No card template named '{name}'. "
                + $"Known templates: {string.Join(", ", templates.Keys.Order(StringComparer.Ordinal))}.");

    public JsonObject Render(string name, JsonNode? data, ITextEscaper escaper) => Get(name).Expand(data, escaper);

    private static string? Check(CardTemplate template)
    {
        var reasons = new List<string>();
        if (template.LiteralProperty("type") != "AdaptiveCard")
        {
            reasons.Add("\"type\" must be \"AdaptiveCard\"");
        }

        if (template.LiteralProperty("version") != RequiredVersion)
        {
            reasons.Add($"\"version\" must be \"{RequiredVersion}\"");
        }

        if (string.IsNullOrWhiteSpace(template.LiteralProperty("$schema")))
        {
            reasons.Add("\"$schema\" is missing");
        }

        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }
}
