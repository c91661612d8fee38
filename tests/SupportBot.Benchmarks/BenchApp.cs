using SupportBot.Tests.OutOfProcess;

namespace SupportBot.Benchmarks;

/// <summary>
/// The settings every benchmarked app starts with: a fresh database from the store, quiet logs (a
/// log line per request would be measured too), the local workspace off, and the scenario's own
/// platform settings on top.
/// </summary>
public static class BenchApp
{
    public static AppProcessOptions Options(BenchDatabase database, string policy, IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(settings);
        var environment = new Dictionary<string, string?>
        {
            ["SupportBot__Local__Enabled"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }
        return database.Apply(new AppProcessOptions { Policy = policy, Environment = environment });
    }
}
