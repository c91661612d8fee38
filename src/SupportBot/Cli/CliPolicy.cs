using SupportBot.Core.Policy;
using SupportBot.Hosting;
using SupportBot.Policy;

namespace SupportBot.Cli;

/// <summary>Loads the policy a command names (a file or a preset), printing why not as start-up does.</summary>
public static class CliPolicy
{
    /// <summary>The policy and its file, or null after writing the errors to <paramref name="error"/>.</summary>
    public static (string File, SupportPolicy Policy)? Load(string pathOrPreset, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var file = PolicySetup.Resolve(pathOrPreset);
        if (file is null)
        {
            error.WriteLine($"No policy file or preset named '{pathOrPreset}'. Presets: {string.Join(", ", PolicySetup.Presets())}.");
            return null;
        }
        var loaded = PolicyLoader.Load(file);
        if (loaded.Policy is null)
        {
            error.WriteLine($"The policy has {loaded.Errors.Count} error(s):");
            error.WriteLine(PolicyErrors.Format(loaded.Errors));
            return null;
        }
        return (file, loaded.Policy);
    }
}
