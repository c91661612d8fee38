using SupportBot.Core.Policy;
using SupportBot.Policy;

namespace SupportBot.Hosting;

public sealed class PolicyOptions
{
    public const string Section = "SupportBot:Policy";

    /// <summary>A policy file, or a preset name from <c>policies/</c> (e.g. <c>operational-guide</c>).</summary>
    public string Path { get; init; } = "operational-guide";
}

/// <summary>Loads the policy before anything else starts: an invalid policy stops the process with every error listed.</summary>
public static class PolicySetup
{
    public static PolicyLoadResult Load(IConfiguration configuration)
    {
        var options = configuration.GetSection(PolicyOptions.Section).Get<PolicyOptions>() ?? new PolicyOptions();
        var path = Resolve(options.Path);
        if (path is null)
        {
            return new PolicyLoadResult(null,
                [new PolicyError(options.Path, 0, "SupportBot:Policy:Path", $"No policy file or preset named '{options.Path}'. Presets: {string.Join(", ", Presets())}.")]);
        }
        return PolicyLoader.Load(path);
    }

    /// <summary>The full path of a policy file as given, else of a preset in <c>policies/</c> next to the executable or under the working directory.</summary>
    public static string? Resolve(string pathOrPreset) => FileAsGiven(pathOrPreset) ?? Preset(pathOrPreset);

    /// <summary>The full path of a file given by its path, a relative one from the caller's directory (see <see cref="CallerDirectories"/>).</summary>
    public static string? FileAsGiven(string path)
    {
        IEnumerable<string> candidates = Path.IsPathRooted(path) ? [path] : CallerDirectories().Select(dir => Path.Combine(dir, path));
        return candidates.FirstOrDefault(File.Exists) is { } found ? Path.GetFullPath(found) : null;
    }

    private static string? Preset(string name)
    {
        var file = name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) ? name : name + ".yml";
        return new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() }
            .Select(root => Path.Combine(root, "policies", Path.GetFileName(file)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Where a relative path typed by the user starts: the shell's directory (<c>PWD</c>) first, because
    /// <c>dotnet run</c> starts a web project in its project folder while the shell's <c>PWD</c> is passed on
    /// unchanged; then the process's working directory.
    /// </summary>
    private static IEnumerable<string> CallerDirectories()
    {
        if (Environment.GetEnvironmentVariable("PWD") is { } shell && Path.IsPathRooted(shell) && Directory.Exists(shell))
        {
            yield return shell;
        }
        yield return Environment.CurrentDirectory;
    }

    public static IEnumerable<string> Presets() =>
        Directory.Exists(Path.Combine(AppContext.BaseDirectory, "policies"))
            ? Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "policies"), "*.yml").Select(Path.GetFileNameWithoutExtension).Order()!
            : [];

    /// <summary>Writes the errors to standard error; the caller exits non-zero.</summary>
    public static void Report(PolicyLoadResult result, TextWriter error)
    {
        error.WriteLine($"SupportBot cannot start: the policy has {result.Errors.Count} error(s).");
        error.WriteLine(PolicyErrors.Format(result.Errors));
    }
}
