using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SQLitePCL;
using SupportBot.Storage;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Tests.SlowDisk;

/// <summary>
/// A slow disk, for tests only: a SQLite commit hook on every connection of the app's database that
/// holds each commit for <paramref name="delay"/> (inside the commit, with the write lock held, where
/// a slow fsync would cost the time). Durability is untouched: the commit still happens, synchronous=FULL.
/// </summary>
public sealed class SlowCommits(TimeSpan delay)
{
    private int count;

    /// <summary>Commits slowed so far.</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>Replaces the app's <see cref="SqliteDatabase"/> with one on the same file whose connections get the hook.</summary>
    public void Register(IServiceCollection services) =>
        services.AddSingleton<IDatabase>(sp => new SqliteDatabase(sp.GetRequiredService<IOptions<StorageOptions>>().Value.SqlitePath) { ConfigureConnection = Hook });

    private void Hook(SqliteConnection connection) =>
        raw.sqlite3_commit_hook(connection.Handle, _ =>
        {
            Interlocked.Increment(ref count);
            Thread.Sleep(delay);
            return 0; // Zero lets the commit go on.
        }, null);
}
