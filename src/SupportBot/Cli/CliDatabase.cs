using System.Data.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SupportBot.Storage;
using SupportBot.Storage.Postgres;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Cli;

/// <summary>
/// The database a command reads or changes: the SQLite file <c>--db</c> names, else the one the bot is
/// configured with (SupportBot:Storage): its SQLite file, or PostgreSQL when the provider is Postgres.
/// </summary>
internal static class CliDatabase
{
    /// <summary>The database, reachable; null after saying in one line why there is none.</summary>
    public static CliStore? Find(string? dbPath, TextWriter error)
    {
        var storage = CliSettings.Storage;
        if (dbPath is null && storage.IsPostgres)
        {
            return Postgres(storage, error);
        }
        return CliFiles.ExistingDatabase(dbPath ?? storage.SqlitePath, error) is { } full ? new CliStore(new SqliteDatabase(full), full) : null;
    }

    private static CliStore? Postgres(StorageOptions storage, TextWriter error)
    {
        if (string.IsNullOrWhiteSpace(storage.PostgresConnectionString))
        {
            error.WriteLine("SupportBot:Storage:Provider is Postgres but no connection string is set: give SupportBot__Storage__PostgresConnectionString "
                + "in the environment (Host=…;Database=…;Username=…;Password=…), or --db for a SQLite file.");
            return null;
        }
        PostgresDatabase database;
        string name;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(storage.PostgresConnectionString);
            // Named without the password: the message may end up in a ticket.
            name = $"the PostgreSQL database {builder.Database} on {builder.Host}:{builder.Port}";
            database = new PostgresDatabase(storage.PostgresConnectionString, storage.FilesPath, NullLogger<PostgresDatabase>.Instance);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"SupportBot:Storage:PostgresConnectionString is not a connection string Npgsql reads: {e.Message}");
            return null;
        }
        try
        {
            using var connection = database.Open();
        }
        catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException)
        {
            database.Dispose();
            var reason = e.InnerException is { } inner && inner.Message != e.Message ? $"{e.Message} ({inner.Message})" : e.Message;
            error.WriteLine($"Cannot reach {name} (SupportBot:Storage:PostgresConnectionString): {reason}");
            return null;
        }
        return new CliStore(database, name);
    }
}

/// <summary>A database a command found, and how to name it in a message (a file's path, or a PostgreSQL database and server).</summary>
internal sealed class CliStore(IDatabase database, string name) : IDisposable
{
    public IDatabase Database { get; } = database;

    public string Name { get; } = name;

    public void Dispose() => (Database as IDisposable)?.Dispose();
}
