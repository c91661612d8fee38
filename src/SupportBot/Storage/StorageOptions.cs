namespace SupportBot.Storage;

public sealed class StorageOptions
{
    public const string Section = "SupportBot:Storage";

    /// <summary><c>Sqlite</c> (default, one instance) or <c>Postgres</c> (several instances; see the README).</summary>
    public string Provider { get; init; } = "Sqlite";

    /// <summary>The SQLite file; relative paths are under the working directory.</summary>
    public string SqlitePath { get; init; } = "data/supportbot.db";

    /// <summary>
    /// PostgreSQL: an Npgsql connection string (<c>Host=…;Database=…;Username=…;Password=…</c>). A secret:
    /// give it through the environment (<c>SupportBot__Storage__PostgresConnectionString</c>), never appsettings.json.
    /// </summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>PostgreSQL: where files that belong beside the data are written (privacy exports). SQLite uses its file's folder.</summary>
    public string FilesPath { get; init; } = "data";

    /// <summary>How long inbound platform event ids are remembered (Slack retries for ~6 min, Teams after 15 s).</summary>
    public TimeSpan DedupWindow { get; init; } = TimeSpan.FromHours(2);

    public bool IsPostgres => Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase);
}
