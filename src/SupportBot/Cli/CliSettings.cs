using SupportBot.Hosting;
using SupportBot.Storage;

namespace SupportBot.Cli;

/// <summary>
/// The defaults a command shares with the bot: the same appsettings.json (next to the executable) and
/// <c>SupportBot__…</c> environment variables, so that a command reads the database and policy the bot uses.
/// </summary>
public static class CliSettings
{
    private static readonly Lazy<IConfiguration> Configuration = new(() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build());

    public static string PolicyPath =>
        Configuration.Value.GetSection(PolicyOptions.Section).Get<PolicyOptions>()?.Path ?? new PolicyOptions().Path;

    /// <summary>The bot's storage: its provider, SQLite file or PostgreSQL connection string.</summary>
    public static StorageOptions Storage =>
        Configuration.Value.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
}
