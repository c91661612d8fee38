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

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
