using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace SupportBot.Storage.Sqlite;

/// <summary>
/// Group commit for one SQLite file: writers queue their work, and one drain at a time runs everything
/// queued so far in one BEGIN IMMEDIATE transaction, each piece in its own savepoint, then commits once
/// (synchronous=FULL) and answers them all. Under load, 50 steps cost a few fsyncs instead of 50, and
/// no thread blocks in SQLite's busy handler waiting for the lock. A writer that finds no drain running
/// drains itself, so an uncontended write costs no thread hop; once its own work is committed it hands
/// whatever is still queued to a pool thread and returns. Writers whose work someone else's batch
/// committed never wait for a turn: under load a batch costs one hand-over, not one per writer.
/// </summary>
#pragma warning disable CA1001 // Lives as long as the process, one per file, like the connection pool.
public sealed class SqliteGroupCommit
#pragma warning restore CA1001
{
    private const int MaxBatch = 64;

    // One per database file in this process; never removed (one small queue per file).
    private static readonly ConcurrentDictionary<string, SqliteGroupCommit> Files = new(StringComparer.Ordinal);

    private readonly SqliteDatabase database;
    private readonly ConcurrentQueue<IWork> queue = new();

    // 1 while a drain runs; whoever sets it drains until the queue is empty or hands the drain on.
    private int draining;

    private SqliteGroupCommit(SqliteDatabase database) => this.database = database;

    public static SqliteGroupCommit For(SqliteDatabase database) =>
        Files.GetOrAdd(database.Path, _ => new SqliteGroupCommit(database));

    /// <summary>
    /// Runs <paramref name="work"/> inside a shared transaction and returns its result once that
    /// transaction is committed. If the work throws, only its own savepoint is undone. A caller that
    /// gives up before its work was taken into a batch leaves nothing written.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken ct)
    {
        var item = new Work<T>(work);
        queue.Enqueue(item);
        if (Interlocked.CompareExchange(ref draining, 1, 0) == 0)
        {
            Drain(item.Task);
        }
        try
        {
            return await item.Task.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested && item.TryCancel())
        {
            throw;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Already taken into a batch: its outcome is the answer.
            return await item.Task.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs batches while work is queued. With <paramref name="until"/> (the caller's own work), stops
    /// once that is committed and passes the rest to a pool thread, which drains to the end.
    /// </summary>
    private void Drain(Task? until)
    {
        do
        {
            while (!queue.IsEmpty)
            {
                if (until is { IsCompleted: true })
                {
                    // The drain stays marked as running: the pool thread carries it on.
                    ThreadPool.UnsafeQueueUserWorkItem(static group => group.Drain(null), this, preferLocal: false);
                    return;
                }
                RunBatch();
            }
            Volatile.Write(ref draining, 0);
        }
        // Work queued just before the mark was cleared saw a drain running: take the drain back for it.
        while (!queue.IsEmpty && Interlocked.CompareExchange(ref draining, 1, 0) == 0);
    }

    private void RunBatch()
    {
        var batch = new List<IWork>();
        while (batch.Count < MaxBatch && queue.TryDequeue(out var next))
        {
            if (next.TryTake())
            {
                batch.Add(next);
            }
        }
        if (batch.Count == 0)
        {
            return;
        }
        try
        {
            using var connection = database.Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var work in batch)
            {
                work.Run(connection, transaction);
            }
            transaction.Commit();
        }
#pragma warning disable CA1031 // Whatever stopped the commit is every waiting caller's answer; the drain must go on for the rest.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // Nothing in this batch was committed: every piece that had not failed on its own fails now.
            foreach (var work in batch)
            {
                work.Fail(ex);
            }
            return;
        }
        foreach (var work in batch)
        {
            work.Complete();
        }
    }

    private interface IWork
    {
        /// <summary>False when its caller gave up waiting before the work was taken.</summary>
        bool TryTake();

        void Run(SqliteConnection connection, SqliteTransaction transaction);

        void Fail(Exception error);

        void Complete();
    }

    private sealed class Work<T>(Func<SqliteConnection, SqliteTransaction, T> work) : IWork
    {
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;
        private Exception? error;
        private int state; // 0 queued, 1 taken into a batch, 2 cancelled by its caller

        public Task<T> Task => completion.Task;

        public bool TryTake() => Interlocked.CompareExchange(ref state, 1, 0) == 0;

        public bool TryCancel() => Interlocked.CompareExchange(ref state, 2, 0) == 0;

        public void Run(SqliteConnection connection, SqliteTransaction transaction)
        {
            const string savepoint = "grouped_work";
            transaction.Save(savepoint);
            try
            {
                result = work(connection, transaction);
                transaction.Release(savepoint);
            }
#pragma warning disable CA1031 // The piece's own failure is handed to its caller; the others still commit.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                transaction.Rollback(savepoint);
                transaction.Release(savepoint);
                error = ex;
            }
        }

        public void Fail(Exception batchError) => completion.TrySetException(error ?? batchError);

        public void Complete()
        {
            if (error is null)
            {
                completion.TrySetResult(result!);
            }
            else
            {
                completion.TrySetException(error);
            }
        }
    }
}
