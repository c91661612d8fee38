using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SupportBot.Storage;
using SupportBot.Storage.Postgres;
using SupportBot.Storage.Sqlite;
using SupportBot.Tests.OutOfProcess;

namespace SupportBot.Benchmarks;

/// <summary>A fresh, empty database for one app, and how to open it from the benchmark (to seed it or to read what the app wrote).</summary>
public sealed record BenchDatabase(string Store, string Description, IReadOnlyDictionary<string, string?> Environment, string? SqlitePath, Func<IDatabase> Open)
{
    /// <summary>The app's options pointed at this database.</summary>
    public AppProcessOptions Apply(AppProcessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            DatabasePath = SqlitePath,
            Environment = new Dictionary<string, string?>(options.Environment.Concat(Environment)),
        };
    }
}

/// <summary>Where the apps of a run keep their data: a SQLite file (the default), or PostgreSQL when configured.</summary>
public abstract class BenchStore
{
    public abstract string Name { get; }

    public abstract BenchDatabase Create(string folder);
}

/// <summary>A new SQLite file in the app's folder, opened with the app's own settings (WAL, synchronous=FULL).</summary>
public sealed class SqliteStore : BenchStore
{
    public override string Name => "SQLite";

    public override BenchDatabase Create(string folder)
    {
        var path = Path.Combine(folder, "supportbot.db");
        return new BenchDatabase(Name, path, new Dictionary<string, string?>(), path, () => new SqliteDatabase(path));
    }
}

/// <summary>A new database on the PostgreSQL server of <c>--postgres</c> (the user must be allowed to create databases).</summary>
public sealed class PostgresStore(string server) : BenchStore
{
    public override string Name => "PostgreSQL";

    public override BenchDatabase Create(string folder)
    {
        var name = "sbbench_" + Guid.NewGuid().ToString("N")[..16];
        using (var admin = new NpgsqlConnection(server))
        {
            admin.Open();
            using var create = admin.CreateCommand();
            create.CommandText = $"CREATE DATABASE {name}";
            create.ExecuteNonQuery();
        }
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        var environment = new Dictionary<string, string?>
        {
            ["SupportBot__Storage__Provider"] = "Postgres",
            ["SupportBot__Storage__PostgresConnectionString"] = connection,
            ["SupportBot__Storage__FilesPath"] = folder,
        };
        return new BenchDatabase(Name, $"database {name}", environment, null,
            () => new PostgresDatabase(connection, folder, NullLogger<PostgresDatabase>.Instance));
    }
}
