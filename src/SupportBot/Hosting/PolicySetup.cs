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

    /// <summary>A path as given, else a preset in <c>policies/</c> next to the executable or under the working directory.</summary>
    public static string? Resolve(string pathOrPreset)
    {
        if (File.Exists(pathOrPreset))
        {
            return Path.GetFullPath(pathOrPreset);
        }
        var file = pathOrPreset.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) ? pathOrPreset : pathOrPreset + ".yml";
        return new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() }
            .Select(root => Path.Combine(root, "policies", Path.GetFileName(file)))
            .FirstOrDefault(File.Exists);
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
