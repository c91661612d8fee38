using Microsoft.Extensions.Logging.Abstractions;
using SupportBot.Storage;
using SupportBot.Storage.Postgres;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Tests.Storage.Providers;

/// <summary>A fresh, migrated database on one provider, deleted when the test is done.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly string? sqliteFolder;
    private readonly string? postgresConnection;

    private TestDatabase(IDatabase database, string? sqliteFolder, string? postgresConnection)
    {
        Database = database;
        this.sqliteFolder = sqliteFolder;
        this.postgresConnection = postgresConnection;
    }

    public IDatabase Database { get; }

    public StorageProvider Provider => sqliteFolder is null ? StorageProvider.Postgres : StorageProvider.Sqlite;

    /// <summary>PostgreSQL: the connection string of this test's own database (for an app under test).</summary>
    public string? PostgresConnectionString => postgresConnection;

    public static TestDatabase Create(StorageProvider provider, bool migrate = true)
    {
        TestDatabase db;
        if (provider == StorageProvider.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "supportbot-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            db = new TestDatabase(new SqliteDatabase(Path.Combine(folder, "supportbot.db")), folder, null);
        }
        else
        {
            var connection = PostgresServer.CreateDatabase();
            var files = Path.Combine(Path.GetTempPath(), "supportbot-tests", Guid.NewGuid().ToString("N"));
            db = new TestDatabase(new PostgresDatabase(connection, files, NullLogger<PostgresDatabase>.Instance), null, connection);
        }
        if (migrate)
        {
            db.Database.Migrate();
        }
        return db;
    }

    /// <summary>Another handle on the same database, as a second instance of the app would open it.</summary>
    public IDatabase OpenAnother() => postgresConnection is { } connection
        ? new PostgresDatabase(connection, Database.FilesFolder, NullLogger<PostgresDatabase>.Instance)
        : new SqliteDatabase(((SqliteDatabase)Database).Path);

    public void Dispose()
    {
        if (Database is IDisposable disposable)
        {
            disposable.Dispose();
        }
        if (postgresConnection is not null)
        {
            PostgresServer.DropDatabase(postgresConnection);
        }
        if (sqliteFolder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(sqliteFolder, recursive: true);
            }
            catch (IOException)
            {
                // A connection another test still holds open; the temp folder is cleaned by the OS.
            }
        }
    }
}
