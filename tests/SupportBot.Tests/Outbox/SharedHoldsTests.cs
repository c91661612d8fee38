using Microsoft.Extensions.Logging.Abstractions;
using SupportBot.Outbox;
using SupportBot.Tests.Storage.Providers;

namespace SupportBot.Tests.Outbox;

/// <summary>A Retry-After one instance gets holds the same method or thread on every instance of the database.</summary>
public sealed class SharedHoldsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly TestClock clock = new(T0);
    private TestDatabase? db;

    [Theory, SqliteData, PostgresData]
    public void A_429_on_one_instance_holds_the_method_on_another_until_its_retry_after_ends(StorageProvider provider)
    {
        var (first, second, teams) = (Instance(provider, "slack:"), Instance(provider, "slack:"), Instance(provider, "teams:"));

        first.Hold("chat.postMessage", TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(30), second.Remaining("chat.postMessage"));
        Assert.Null(second.Remaining("chat.update"));
        Assert.Null(teams.Remaining("chat.postMessage"));
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(TimeSpan.FromSeconds(1), second.Remaining("chat.postMessage"));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(second.Remaining("chat.postMessage"));
    }

    [Theory, SqliteData, PostgresData]
    public void A_shorter_hold_from_another_instance_does_not_cut_a_longer_one_short(StorageProvider provider)
    {
        var (first, second, third) = (Instance(provider, "teams:"), Instance(provider, "teams:"), Instance(provider, "teams:"));

        first.Hold("19:triage@thread.tacv2", TimeSpan.FromSeconds(60));
        second.Hold("19:triage@thread.tacv2", TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(60), third.Remaining("19:triage@thread.tacv2"));
    }

    /// <summary>One instance's holds for one platform, on the test's database (created by the first call).</summary>
    private RetryAfterHolds Instance(StorageProvider provider, string scope)
    {
        db ??= TestDatabase.Create(provider);
        return new RetryAfterHolds(clock, new SharedHolds(db.OpenAnother(), clock, NullLogger<SharedHolds>.Instance), scope);
    }

    public void Dispose() => db?.Dispose();
}
