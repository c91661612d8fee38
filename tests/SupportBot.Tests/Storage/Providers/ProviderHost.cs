using SupportBot.Storage.Sqlite;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Storage.Providers;

/// <summary>The real app on a test database of either provider: its SQLite file, or PostgreSQL with the test's own database.</summary>
public static class ProviderHost
{
    /// <summary>The storage settings that point the app at <paramref name="db"/>, as configuration keys.</summary>
    public static Dictionary<string, string?> StorageSettings(this TestDatabase db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database is SqliteDatabase sqlite
            ? new() { ["SupportBot:Storage:SqlitePath"] = sqlite.Path }
            : new()
            {
                ["SupportBot:Storage:Provider"] = "Postgres",
                ["SupportBot:Storage:PostgresConnectionString"] = db.PostgresConnectionString,
                ["SupportBot:Storage:FilesPath"] = db.Database.FilesFolder,
            };
    }

    /// <summary>The same settings as environment variables, for the app's executable.</summary>
    public static Dictionary<string, string?> StorageEnvironment(this TestDatabase db) =>
        db.StorageSettings().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);

    /// <summary>Starts the app on <paramref name="db"/>; stopping it and starting another is a restart on the same data.</summary>
    public static Task<TestHost> StartHostAsync(this TestDatabase db, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sqlitePath = (db.Database as SqliteDatabase)?.Path ?? Path.Combine(db.Database.FilesFolder, "unused.db");
        return TestHost.StartAsync(sqlitePath, clock, settings: db.StorageSettings());
    }
}
