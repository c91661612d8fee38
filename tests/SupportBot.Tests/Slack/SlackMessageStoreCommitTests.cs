using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using SupportBot.Core.Channels;
using SupportBot.Slack;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Tests.Slack;

/// <summary>
/// Every card redrawn after a click is saved with its message: under a flood of clicks those saves
/// join the commits of the steps being written at the time, instead of each waiting for the file's
/// write lock and syncing the disk alone.
/// </summary>
public sealed class SlackMessageStoreCommitTests : IDisposable
{
    private const int Saves = 40;
    private static readonly TimeSpan CommitTime = TimeSpan.FromMilliseconds(20);
    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-cards-").FullName;
    private int commits;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Cards_saved_by_forty_requests_at_once_share_a_few_commits_and_are_all_kept()
    {
        var database = new SqliteDatabase(Path.Combine(folder, "supportbot.db")) { ConfigureConnection = SlowCommit };
        database.Migrate();
        var store = new SlackMessageStore(database, new TestClock(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero)));
        var before = Volatile.Read(ref commits);

        // Forty requests on forty threads, released together: the pool may run Task.Run work on one thread one after another.
        using var start = new Barrier(Saves);
        await Task.WhenAll(Enumerable.Range(0, Saves).Select(i => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            return store.SaveAsync("C0TRIAGE", $"1732356000.{i:D6}", new OutboundMessage("triage", new JsonObject { ["case"] = $"SUP-{i:D6}" }, $"card {i}"));
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()));

        var shared = Volatile.Read(ref commits) - before;
        Assert.True(shared <= Saves / 4, $"{Saves} saves took {shared} commits");
        Assert.All(Enumerable.Range(0, Saves), i => Assert.Equal($"card {i}", store.Find("C0TRIAGE", $"1732356000.{i:D6}")?.Text));
    }

    /// <summary>Each commit takes a while, as on a slow disk, so that saves arriving meanwhile queue for the next one.</summary>
    private void SlowCommit(SqliteConnection connection) =>
        raw.sqlite3_commit_hook(connection.Handle, _ =>
        {
            Interlocked.Increment(ref commits);
            Thread.Sleep(CommitTime);
            return 0;
        }, null);
}
