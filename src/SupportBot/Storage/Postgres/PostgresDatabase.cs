using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SupportBot.Storage.Postgres;

/// <summary>
/// A PostgreSQL database shared by every instance. Commits are synchronous (the server's default,
/// asked for explicitly): once a platform gets our 2xx it never resends. Each write runs in its own
/// transaction; PostgreSQL shares the WAL flush between concurrent commits itself.
/// </summary>
public sealed partial class PostgresDatabase : IDatabase, IDisposable
{
    // A serialization failure or deadlock is the server asking us to run the transaction again.
    private const int MaxAttempts = 8;

    private readonly NpgsqlDataSource dataSource;

    // The work runs synchronously and holds its row locks until it commits. Were every request to
    // block a pool thread on a lock, the holder's own thread could wait behind them: so writers queue
    // here without a thread, a few at a time, and each commits on the thread that took its locks.
    private readonly SemaphoreSlim writers = new(Math.Max(8, Environment.ProcessorCount * 4));
    private readonly ILogger<PostgresDatabase> logger;

    public PostgresDatabase(IOptions<StorageOptions> options, ILogger<PostgresDatabase> logger)
        : this(options.Value.PostgresConnectionString ?? "", options.Value.FilesPath, logger)
    {
    }

    public PostgresDatabase(string connectionString, string filesFolder, ILogger<PostgresDatabase> logger)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // synchronous_commit=on: a commit returns once its WAL is flushed (never 'off' or 'local' here).
        builder.Options = string.Join(' ', new[] { builder.Options, "-c synchronous_commit=on" }.Where(o => !string.IsNullOrWhiteSpace(o)));
        dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        FilesFolder = Path.GetFullPath(filesFolder);
        this.logger = logger;
    }

    public SqlDialect Dialect => SqlDialect.Postgres;

    public string FilesFolder { get; }

    public DbConnection Open() => dataSource.OpenConnection();

    public DbTransaction BeginWrite(DbConnection connection) =>
        ((NpgsqlConnection)connection).BeginTransaction(System.Data.IsolationLevel.ReadCommitted);

    public DbTransaction BeginRead(DbConnection connection) =>
        ((NpgsqlConnection)connection).BeginTransaction(System.Data.IsolationLevel.RepeatableRead);

    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunOnceAsync(work, ct).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (IsRetryable(ex) && attempt < MaxAttempts)
            {
                LogRetrying(ex.SqlState, attempt);
                // A short, growing, jittered pause so the transactions that collided do not collide again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), ct).ConfigureAwait(false);
            }
        }
    }

    private async Task<T> RunOnceAsync<T>(Func<DbConnection, DbTransaction, T> work, CancellationToken ct)
    {
        await writers.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.ReadCommitted);
            var result = work(connection, transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            writers.Release();
        }
    }

    public void Migrate()
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
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
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        dataSource.Dispose();
        writers.Dispose();
    }

    /// <summary>40001 serialization_failure, 40P01 deadlock_detected.</summary>
    private static bool IsRetryable(PostgresException ex) => ex.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;

    [LoggerMessage(Level = LogLevel.Debug, Message = "PostgreSQL asked for a retry ({SqlState}) on attempt {Attempt}")]
    private partial void LogRetrying(string sqlState, int attempt);
}
