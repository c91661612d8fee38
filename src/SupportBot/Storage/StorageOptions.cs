namespace SupportBot.Storage;

public sealed class StorageOptions
{
    public const string Section = "SupportBot:Storage";

    /// <summary><c>Sqlite</c> (default) or <c>Postgres</c> (several instances; see the README).</summary>
    public string Provider { get; init; } = "Sqlite";

    /// <summary>The SQLite file; relative paths are under the working directory.</summary>
    public string SqlitePath { get; init; } = "data/supportbot.db";

    /// <summary>How long inbound platform event ids are remembered (Slack retries for ~6 min, Teams after 15 s).</summary>
    public TimeSpan DedupWindow { get; init; } = TimeSpan.FromHours(2);
}
