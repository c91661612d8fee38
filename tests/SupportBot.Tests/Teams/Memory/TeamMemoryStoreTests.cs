using NodaTime;
using SupportBot.Teams.Connector;
using SupportBot.Teams.Memory;
using SupportBot.Tests.Storage.Providers;

namespace SupportBot.Tests.Teams.Memory;

/// <summary>The teams and channels the bot knows, on each provider; a second store on the same database stands for another instance.</summary>
public sealed class TeamMemoryStoreTests : IDisposable
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 10, 0);
    private TestDatabase? db;

    public void Dispose() => db?.Dispose();

    private TeamMemoryStore Open(StorageProvider provider)
    {
        db = TestDatabase.Create(provider);
        return new TeamMemoryStore(db.Database);
    }

    private static TeamEvent Added(string? name, string? group, string serviceUrl = ServiceUrl) =>
        new(TeamEventKind.BotAdded, "19:team@thread.tacv2", name, group, null, null, serviceUrl, null);

    [Theory, SqliteData, PostgresData]
    public void An_installation_keeps_its_stamp_and_what_it_was_told_until_the_bot_is_removed_and_added_again(StorageProvider provider)
    {
        var store = Open(provider);
        var first = store.Installed(Added("Ops", "group-1") with { TenantId = "tenant-1" }, T0);
        var again = store.Installed(Added(null, null, "https://smba.trafficmanager.net/amer/"), T0 + Duration.FromMinutes(5));

        Assert.Equal(first, again);
        Assert.Equal(new KnownTeam("19:team@thread.tacv2", "Ops", "group-1", "https://smba.trafficmanager.net/amer/", "tenant-1", false),
            store.Team("19:team@thread.tacv2"));

        store.Removed("19:team@thread.tacv2", T0 + Duration.FromHours(1));
        Assert.True(store.Team("19:team@thread.tacv2")!.Removed);
        var reinstalled = store.Installed(Added(null, null), T0 + Duration.FromHours(2));

        Assert.NotEqual(first, reinstalled);
        store.Describe("19:team@thread.tacv2", null, "group-2", T0 + Duration.FromHours(3));
        Assert.Equal("Ops", store.TeamByGroup("group-2")!.Name);
        Assert.Equal(new KnownTeam("19:team@thread.tacv2", "Ops", "group-2", ServiceUrl, "tenant-1", false), store.Team("19:team@thread.tacv2"));
    }

    [Theory, SqliteData, PostgresData]
    public void A_channel_keeps_its_name_when_an_update_gives_none_and_a_bridge_stays_one_after_a_rename(StorageProvider provider)
    {
        var store = Open(provider);
        store.Installed(Added("Ops", "group-1"), T0);
        store.SaveChannels("19:team@thread.tacv2", [new TeamsTeamChannel("19:general", null), new TeamsTeamChannel("19:alerts", "Alerts")], T0);
        store.SaveChannel("19:team@thread.tacv2", "19:alerts", null, T0 + Duration.FromMinutes(1));
        store.SaveBridge("19:team@thread.tacv2", "group-1", "19:bridge", "SUP-000042 bridge", "sup-000042", T0);
        store.SaveChannel("19:team@thread.tacv2", "19:bridge", "SUP-000042 VPN down", T0 + Duration.FromMinutes(2));
        store.ChannelDeleted("19:general", T0 + Duration.FromMinutes(3));

        Assert.Equal([("19:alerts", "Alerts"), ("19:bridge", "SUP-000042 VPN down")], store.Channels("19:team@thread.tacv2"));
        Assert.Equal("19:bridge", store.FindBridge("group-1", "sup-000042"));
        Assert.Equal("Ops", store.TeamOf("19:bridge")!.Name);
        Assert.Equal(new BridgeChannel("19:bridge", "group-1", false), store.Bridge("19:bridge"));
        store.BridgeClosed("19:bridge", T0 + Duration.FromHours(1));
        Assert.True(store.Bridge("19:bridge")!.Closed);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Two_instances_told_of_one_installation_at_once_give_it_one_stamp(StorageProvider provider)
    {
        var stores = new[] { Open(provider), new TeamMemoryStore(db!.OpenAnother()) };

        var stamps = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            stores[i % 2].Installed(Added(i == 7 ? "Ops" : null, null), T0 + Duration.FromMilliseconds(i)))));

        Assert.Single(stamps.Distinct());
        Assert.Equal("Ops", stores[1].Team("19:team@thread.tacv2")!.Name);
    }
}
