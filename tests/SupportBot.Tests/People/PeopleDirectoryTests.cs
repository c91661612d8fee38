using Microsoft.Extensions.Logging.Abstractions;
using SupportBot.Core.Channels;
using SupportBot.People;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Tests.People;

/// <summary>The directory of learned accounts on a real SQLite file.</summary>
public sealed class PeopleDirectoryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-people-").FullName;
    private readonly PeopleDirectory directory;

    public PeopleDirectoryTests()
    {
        var database = new SqliteDatabase(Path.Combine(folder, "supportbot.db"));
        database.Migrate();
        directory = new PeopleDirectory(database, NullLogger<PeopleDirectory>.Instance);
    }

    [Fact]
    public void An_account_is_found_by_its_email_whatever_the_case_and_only_on_its_own_platform()
    {
        directory.Remember(new LearnedAccount(ChannelKind.Teams, "29:mira", "Mira.Jones@Example.com", "Mira Jones", "https://smba.example/emea/", "tenant-1", T0));

        var found = directory.Find(ChannelKind.Teams, "mira.jones@EXAMPLE.com");

        Assert.Equal(new LearnedAccount(ChannelKind.Teams, "29:mira", "mira.jones@example.com", "Mira Jones", "https://smba.example/emea/", "tenant-1", T0), found);
        Assert.Equal(new UserRef(ChannelKind.Teams, "29:mira", "Mira Jones", "https://smba.example/emea/", Email: "mira.jones@example.com"), found!.ToUser());
        Assert.Null(directory.Find(ChannelKind.Slack, "mira.jones@example.com"));
        Assert.Null(directory.Find(ChannelKind.Teams, "someone.else@example.com"));
    }

    [Fact]
    public void Seeing_an_account_again_refreshes_it_and_the_most_recently_seen_account_with_an_email_wins()
    {
        directory.Remember(new LearnedAccount(ChannelKind.Slack, "U0OLD", "mira@example.com", "Mira", null, "T0001", T0));
        directory.Remember(new LearnedAccount(ChannelKind.Slack, "U0NEW", "mira@example.com", "Mira", null, "T0001", T0.AddHours(1)));
        Assert.Equal("U0NEW", directory.Find(ChannelKind.Slack, "mira@example.com")!.AccountId);

        directory.Remember(new LearnedAccount(ChannelKind.Slack, "U0OLD", "mira@example.com", "Mira J.", null, null, T0.AddHours(2)));

        var found = directory.Find(ChannelKind.Slack, "mira@example.com")!;
        Assert.Equal(("U0OLD", "Mira J.", "T0001", T0.AddHours(2)), (found.AccountId, found.Name, found.Tenant, found.LastSeen));
    }

    [Fact]
    public void An_account_without_an_id_or_an_email_is_refused_and_nothing_is_written()
    {
        Assert.Throws<ArgumentException>(() => directory.Remember(new LearnedAccount(ChannelKind.Slack, "", "mira@example.com", "Mira", null, null, T0)));
        Assert.Throws<ArgumentException>(() => directory.Remember(new LearnedAccount(ChannelKind.Slack, "U0MIRA", " ", "Mira", null, null, T0)));
        Assert.Null(directory.Find(ChannelKind.Slack, "mira@example.com"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
