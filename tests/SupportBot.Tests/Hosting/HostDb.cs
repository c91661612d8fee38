using Dapper;
using Microsoft.Data.Sqlite;

namespace SupportBot.Tests.Hosting;

/// <summary>Reads the app's SQLite file directly, to check what was committed.</summary>
public sealed class HostDb(string path)
{
    public long Count(string sql, object? args = null)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection.ExecuteScalar<long>(sql, args);
    }

    public void Execute(string sql, object? args = null)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        connection.Execute(sql, args);
    }

    public IReadOnlyList<T> Rows<T>(string sql, object? args = null)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection.Query<T>(sql, args).ToList();
    }

    public string? Text(string sql, object? args = null)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection.ExecuteScalar<string?>(sql, args);
    }

    public IReadOnlyList<string> Texts(string sql, object? args = null)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return [.. connection.Query<string>(sql, args)];
    }
}
