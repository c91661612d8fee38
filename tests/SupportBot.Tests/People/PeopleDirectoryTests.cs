using Microsoft.Extensions.Logging.Abstractions;
using SupportBot.Core.Channels;
using SupportBot.People;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Storage.Providers;

namespace SupportBot.Tests.People;

/// <summary>The directory of learned accounts on each provider.</summary>
public sealed class PeopleDirectoryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private TestDatabase? db;

    private PeopleDirectory Open(StorageProvider provider)
    {
        db = TestDatabase.Create(provider);
        return new PeopleDirectory(db.Database, NullLogger<PeopleDirectory>.Instance);
    }

    [Theory, SqliteData, PostgresData]
    public void An_account_is_found_by_its_email_whatever_the_case_and_only_on_its_own_platform(StorageProvider provider)
    {
        var directory = Open(provider);
        directory.Remember(new LearnedAccount(ChannelKind.Teams, "29:mira", "Mira.Jones@Example.com", "Mira Jones", "https://smba.example/emea/", "tenant-1", T0));

        var found = directory.Find(ChannelKind.Teams, "mira.jones@EXAMPLE.com");

        Assert.Equal(new LearnedAccount(ChannelKind.Teams, "29:mira", "mira.jones@example.com", "Mira Jones", "https://smba.example/emea/", "tenant-1", T0), found);
        Assert.Equal(new UserRef(ChannelKind.Teams, "29:mira", "Mira Jones", "https://smba.example/emea/", Email: "mira.jones@example.com"), found!.ToUser());
        Assert.Null(directory.Find(ChannelKind.Slack, "mira.jones@example.com"));
        Assert.Null(directory.Find(ChannelKind.Teams, "someone.else@example.com"));
    }

    [Theory, SqliteData, PostgresData]
    public void Seeing_an_account_again_refreshes_it_and_the_most_recently_seen_account_with_an_email_wins(StorageProvider provider)
    {
        var directory = Open(provider);
        directory.Remember(new LearnedAccount(ChannelKind.Slack, "U0OLD", "mira@example.com", "Mira", null, "T0001", T0));
        directory.Remember(new LearnedAccount(ChannelKind.Slack, "U0NEW", "mira@example.com", "Mira", null, "T0001", T0.AddHours(1)));
        Assert.Equal("U0NEW", directory.Find(ChannelKind.Slack, "mira@example.com")!.AccountId);

        directory.Remember(new LearnedAccount(ChannelKind.Slack, "U0OLD", "mira@example.com", "Mira J.", null, null, T0.AddHours(2)));

        var found = directory.Find(ChannelKind.Slack, "mira@example.com")!;
        Assert.Equal(("U0OLD", "Mira J.", "T0001", T0.AddHours(2)), (found.AccountId, found.Name, found.Tenant, found.LastSeen));
    }

    [Theory, SqliteData, PostgresData]
    public void An_account_without_an_id_or_an_email_is_refused_and_nothing_is_written(StorageProvider provider)
    {
        var directory = Open(provider);
        Assert.Throws<ArgumentException>(() => directory.Remember(new LearnedAccount(ChannelKind.Slack, "", "mira@example.com", "Mira", null, null, T0)));
        Assert.Throws<ArgumentException>(() => directory.Remember(new LearnedAccount(ChannelKind.Slack, "U0MIRA", " ", "Mira", null, null, T0)));
        Assert.Null(directory.Find(ChannelKind.Slack, "mira@example.com"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Two_instances_learning_one_account_at_once_keep_one_row_and_the_service_url_only_one_knew(StorageProvider provider)
    {
        var here = Open(provider);
        var there = new PeopleDirectory(db!.OpenAnother(), NullLogger<PeopleDirectory>.Instance);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? here : there).Remember(
            new LearnedAccount(ChannelKind.Teams, "29:mira", "mira@example.com", "Mira", i == 0 ? "https://smba.example/emea/" : null, null, T0.AddMinutes(i))))));

        var found = here.Find(ChannelKind.Teams, "mira@example.com")!;
        Assert.Equal(1, new HostDb(db.Database).Count("SELECT count(*) FROM learned_accounts"));
        Assert.Equal("https://smba.example/emea/", found.ServiceUrl);
    }

    public void Dispose() => db?.Dispose();
}
