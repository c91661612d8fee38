using Dapper;
using Microsoft.Data.Sqlite;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Tests.Storage;

/// <summary>The settings every connection to the SQLite file is opened with: durable commits, and reads through a bounded memory map.</summary>
public sealed class SqliteConnectionSettingsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-settings-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Every_connection_commits_with_a_full_sync_in_WAL_and_reads_what_another_committed_through_its_memory_map()
    {
        var database = new SqliteDatabase(Path.Combine(folder, "store.db"));
        database.Migrate();
        using var writer = database.Open();
        using var reader = database.Open();
        reader.ExecuteScalar<long>("SELECT count(*) FROM counters"); // The reader has mapped and cached the file before the write.

        writer.Execute("INSERT INTO counters (name, value) VALUES ('after', 7)");

        foreach (var connection in new[] { writer, reader })
        {
            Assert.Equal(2, connection.ExecuteScalar<long>("PRAGMA synchronous")); // FULL
            Assert.Equal("wal", connection.ExecuteScalar<string>("PRAGMA journal_mode"));
            Assert.Equal(SqliteDatabase.MemoryMapBytes, connection.ExecuteScalar<long>("PRAGMA mmap_size"));
        }
        Assert.Equal(7, reader.ExecuteScalar<long>("SELECT value FROM counters WHERE name = 'after'"));
    }
}
