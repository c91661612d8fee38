using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace SupportBot.Storage.Sqlite;

/// <summary>
/// One SQLite file, with the durability settings every commit relies on: WAL, and
/// synchronous=FULL because once a platform gets our 2xx it never resends. One process owns it.
/// </summary>
public sealed class SqliteDatabase : IDatabase
{
    /// <summary>
    /// How much of the file each connection reads through a memory map rather than read calls. Every
    /// commit makes the other pooled connections drop their page caches, so each step read its pages
    /// again, copied out of the OS cache: under a flood of clicks that copying was about a tenth of the
    /// app's CPU. Reads only (writes and their fsyncs are unchanged); bounded, because pages read
    /// through the map count in the process's working set.
    /// </summary>
    public const long MemoryMapBytes = 64L * 1024 * 1024;

    private readonly string connectionString;

    public SqliteDatabase(IOptions<StorageOptions> options)
        : this(options.Value.SqlitePath)
    {
    }

    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    public SqlDialect Dialect => SqlDialect.Sqlite;

    public string FilesFolder => System.IO.Path.GetDirectoryName(Path) ?? ".";

    /// <summary>
    /// Called on every connection once it is open and set up: a seam for tests (a commit hook that
    /// makes every commit slow, as on a slow disk). The app sets nothing here.
    /// </summary>
    public Action<SqliteConnection>? ConfigureConnection { get; init; }

    DbConnection IDatabase.Open() => Open();

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA mmap_size={MemoryMapBytes};";
        pragma.ExecuteNonQuery();
        ConfigureConnection?.Invoke(connection);
        return connection;
    }

    public DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    public DbTransaction BeginRead(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: true);

    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> work, CancellationToken ct) =>
        SqliteGroupCommit.For(this).RunAsync(work, ct);

    /// <summary>Creates the file and its folder, switches it to WAL and applies pending migrations.</summary>
    public void Migrate()
    {
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            System.IO.Directory.CreateDirectory(folder);
        }
        using var connection = Open();
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }
        using var transaction = connection.BeginTransaction(deferred: false);
        Schema.Apply(connection, transaction, Dialect);
        transaction.Commit();
    }

    public bool IsReachable()
    {
        try
        {
            using var connection = Open();
            Schema.Version(connection);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }
}
