using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using SupportBot.Storage;

namespace SupportBot.Tests.Hosting;

/// <summary>Reads the app's database directly, to check what was committed.</summary>
public sealed class HostDb
{
    private readonly Func<DbConnection> open;

    /// <summary>A SQLite file, opened without pooling so that the test never holds it open.</summary>
    public HostDb(string path) => open = () =>
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    };

    public HostDb(IDatabase database) => open = database.Open;

    public long Count(string sql, object? args = null)
    {
        using var connection = open();
        return connection.ExecuteScalar<long>(sql, args);
    }

    public void Execute(string sql, object? args = null)
    {
        using var connection = open();
        connection.Execute(sql, args);
    }

    public IReadOnlyList<T> Rows<T>(string sql, object? args = null)
    {
        using var connection = open();
        return connection.Query<T>(sql, args).ToList();
    }

    public string? Text(string sql, object? args = null)
    {
        using var connection = open();
        return connection.ExecuteScalar<string?>(sql, args);
    }

    public IReadOnlyList<string> Texts(string sql, object? args = null)
    {
        using var connection = open();
        return [.. connection.Query<string>(sql, args)];
    }
}
