using Dapper;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Tests.Storage;

/// <summary>Concurrent writers share commits, and one writer's failure undoes only its own work.</summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-group-").FullName;
    private readonly SqliteDatabase database;

    public SqliteGroupCommitTests()
    {
        database = new SqliteDatabase(Path.Combine(folder, "store.db"));
        database.Migrate();
    }

    [Fact]
    public async Task Concurrent_writes_all_commit_and_one_that_throws_leaves_no_trace_and_spoils_no_other()
    {
        var group = SqliteGroupCommit.For(database);
        var writes = Enumerable.Range(0, 40).Select(i => Task.Run(() => group.RunAsync((connection, transaction) =>
        {
            connection.Execute("INSERT INTO counters (name, value) VALUES (@name, @i)", new { name = $"w{i}", i }, transaction);
            return i == 13 ? throw new InvalidDataException("writer 13 fails after writing") : i;
        }, CancellationToken.None))).ToList();

        var failed = await Assert.ThrowsAsync<InvalidDataException>(() => writes[13]);
        Assert.Equal("writer 13 fails after writing", failed.Message);
        foreach (var (write, i) in writes.Select((w, i) => (w, i)).Where(p => p.i != 13))
        {
            Assert.Equal(i, await write);
        }
        using var connection = database.Open();
        var names = connection.Query<string>("SELECT name FROM counters WHERE name LIKE 'w%'").ToHashSet();
        Assert.Equal(39, names.Count);
        Assert.DoesNotContain("w13", names);
    }

    [Fact]
    public async Task A_writer_that_gave_up_waiting_for_its_turn_writes_nothing()
    {
        var group = SqliteGroupCommit.For(database);
        var holding = new TaskCompletionSource();
        var release = new ManualResetEventSlim();
        var first = Task.Run(() => group.RunAsync((connection, transaction) =>
        {
            holding.SetResult();
            release.Wait(TimeSpan.FromSeconds(10));
            return connection.Execute("INSERT INTO counters (name, value) VALUES ('first', 1)", transaction: transaction);
        }, CancellationToken.None));
        await holding.Task;
        using var cancel = new CancellationTokenSource();
        var late = group.RunAsync((connection, transaction) =>
            connection.Execute("INSERT INTO counters (name, value) VALUES ('late', 1)", transaction: transaction), cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => late);
        release.Set();
        await first;
        await group.RunAsync((connection, transaction) => 0, CancellationToken.None);

        using var connection = database.Open();
        Assert.Equal(["first"], connection.Query<string>("SELECT name FROM counters WHERE name IN ('first', 'late')"));
    }

    [Fact]
    public async Task A_writer_is_answered_once_its_own_work_is_committed_not_after_the_work_queued_behind_it()
    {
        var group = SqliteGroupCommit.For(database);
        var firstRunning = new TaskCompletionSource();
        using var letFirstFinish = new ManualResetEventSlim();
        var secondRunning = new TaskCompletionSource();
        using var letSecondFinish = new ManualResetEventSlim();
        var first = Task.Run(() => group.RunAsync((connection, transaction) =>
        {
            firstRunning.SetResult();
            letFirstFinish.Wait(TimeSpan.FromSeconds(30));
            return connection.Execute("INSERT INTO counters (name, value) VALUES ('first', 1)", transaction: transaction);
        }, CancellationToken.None));
        await firstRunning.Task;
        // Queued (synchronously, before RunAsync returns) while the first batch is being written: it goes in the next batch.
        var second = group.RunAsync((connection, transaction) =>
        {
            secondRunning.SetResult();
            letSecondFinish.Wait(TimeSpan.FromSeconds(30));
            return connection.Execute("INSERT INTO counters (name, value) VALUES ('second', 2)", transaction: transaction);
        }, CancellationToken.None);

        letFirstFinish.Set();
        Assert.Equal(1, await first.WaitAsync(TimeSpan.FromSeconds(10)));
        await secondRunning.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(second.IsCompleted);
        letSecondFinish.Set();
        Assert.Equal(1, await second.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Writers_arriving_in_waves_as_each_drain_ends_are_all_committed()
    {
        var group = SqliteGroupCommit.For(database);
        for (var wave = 0; wave < 50; wave++)
        {
            var writes = Enumerable.Range(0, 8).Select(i => Task.Run(() => group.RunAsync((connection, transaction) =>
                connection.Execute("INSERT INTO counters (name, value) VALUES (@name, 1)", new { name = $"wave{wave}-{i}" }, transaction),
                CancellationToken.None))).ToList();
            await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(30));
        }
        using var connection = database.Open();
        Assert.Equal(400, connection.ExecuteScalar<int>("SELECT count(*) FROM counters WHERE name LIKE 'wave%'"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
