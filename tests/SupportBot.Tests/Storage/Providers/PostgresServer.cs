using Npgsql;

namespace SupportBot.Tests.Storage.Providers;

/// <summary>
/// The PostgreSQL server the tests may use: SUPPORTBOT_TEST_POSTGRES holds a connection string to a
/// server where the user may create databases (.ci/run starts one). Without it the PostgreSQL tests
/// are skipped with <see cref="SkipReason"/>, except when SUPPORTBOT_REQUIRE_POSTGRES=1 (CI): then
/// they run and fail, so a missing server is never a silent pass.
/// </summary>
public static class PostgresServer
{
    public static string? ConnectionString { get; } = Environment.GetEnvironmentVariable("SUPPORTBOT_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    public static bool Required { get; } = Environment.GetEnvironmentVariable("SUPPORTBOT_REQUIRE_POSTGRES") == "1";

    public static string? SkipReason { get; } = ConnectionString is null && !Required
        ? "No PostgreSQL server configured: set SUPPORTBOT_TEST_POSTGRES (`.ci/postgres start /tmp/sb-pg 55432` then " +
          "SUPPORTBOT_TEST_POSTGRES=\"Host=127.0.0.1;Port=55432;Username=supportbot;Database=postgres\"), or run `bash .ci/run`."
        : null;

    /// <summary>Creates an empty database with a unique name; returns its connection string.</summary>
    public static string CreateDatabase()
    {
        var server = ConnectionString ?? throw new InvalidOperationException(
            "SUPPORTBOT_REQUIRE_POSTGRES=1 but SUPPORTBOT_TEST_POSTGRES is not set: no PostgreSQL server for the PostgreSQL tests.");
        var name = "sbtest_" + Guid.NewGuid().ToString("N")[..16];
        using (var admin = new NpgsqlConnection(server))
        {
            admin.Open();
            using var create = admin.CreateCommand();
            create.CommandText = $"CREATE DATABASE {name}";
            create.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabase"/>, closing whatever still uses it.</summary>
    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(ConnectionString);
        admin.Open();
        using var drop = admin.CreateCommand();
        drop.CommandText = $"DROP DATABASE IF EXISTS {name} WITH (FORCE)";
        drop.ExecuteNonQuery();
    }
}
