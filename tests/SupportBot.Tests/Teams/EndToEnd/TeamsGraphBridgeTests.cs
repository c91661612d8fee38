using System.Text.Json.Nodes;
using SupportBot.Outbox;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Tests.Teams.EndToEnd;

/// <summary>
/// A Severity 1 case reported on Teams with Graph switched on: the bridge is a channel of its own in the
/// team that holds the bridges channel (known from the bot being added to it), driven with signed activities.
/// </summary>
public sealed class TeamsGraphBridgeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-teamsgraph-").FullName;
    private readonly TestClock clock = new(Monday10Utc);
    private TeamsDriver teams = null!;
    private FakeGraph graph = null!;
    private TestHost host = null!;

    private HostDb Db => new(Path.Combine(folder, "supportbot.db"));

    public async Task InitializeAsync()
    {
        teams = await TeamsDriver.StartAsync(clock);
        teams.Connector.AddTeam(TeamsDriver.Team, "Support", TeamsDriver.TeamGroupId, (TeamsDriver.Triage, "Triage"), (TeamsDriver.Bridges, "Bridges"));
        graph = await FakeGraph.StartAsync();
        graph.AddTeam(TeamsDriver.TeamGroupId);
        graph.ChannelCreated = teams.Connector.AddConversation;
        var settings = teams.Settings();
        settings["SupportBot:Local:Enabled"] = "false";
        settings["SupportBot:Teams:Graph:Enabled"] = "true";
        settings["SupportBot:Teams:Graph:BaseUrl"] = graph.ApiUrl.AbsoluteUri;
        settings["SupportBot:Teams:Graph:TokenEndpoint"] = graph.TokenEndpoint.AbsoluteUri;
        host = await TestHost.StartAsync(Path.Combine(folder, "supportbot.db"), clock, TeamsDriver.PolicyWithTeamsAccounts(folder), settings, teams.TrustIdentity);
        teams.Client = host.Client;
        await teams.SendAsync(teams.TeamUpdate(TeamsDriver.BotAdded(), "teamMemberAdded"));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await graph.DisposeAsync();
        await teams.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_Severity_1_case_opens_a_Graph_channel_in_the_bridges_team_whose_thread_has_the_status_card_and_mentions_the_people()
    {
        await teams.ReportSeverity1Async("Wifi down in Paris");
        await DeliverAsync();

        var channel = Assert.Single(graph.Channels(TeamsDriver.TeamGroupId));
        Assert.Equal(("incident-sup-000001-wifi-down-in-paris", "standard"), (channel.DisplayName, channel.MembershipType));
        var start = Assert.Single(teams.Connector.Creations, c => c["channelData"]?["channel"]?["id"]?.GetValue<string>() == channel.Id);
        Assert.True(start["isGroup"]!.GetValue<bool>());
        var thread = teams.Connector.Activities(channel.Id)[0].Id;
        var posts = teams.Connector.Activities($"{channel.Id};messageid={thread}");
        Assert.Contains(posts, p => p.Body["attachments"]?[0]?["content"]?.ToJsonString().Contains("SUP-000001", StringComparison.Ordinal) == true);
        var mentions = Assert.Single(posts, p => p.Body["entities"] is JsonArray).Body["entities"]!.AsArray()
            .Select(e => e!["mentioned"]!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(["29:manager", "29:rita"], mentions);
        Assert.Empty(teams.Connector.Activities(TeamsDriver.Bridges));
        Assert.Equal(1, Db.Count("SELECT count(*) FROM teams_channels WHERE graph_team_id = @g AND channel_id = @c",
            new { g = TeamsDriver.TeamGroupId, c = channel.Id }));
    }

    [Fact]
    public async Task When_Graph_refuses_for_want_of_permission_the_bridge_is_a_thread_in_the_bridges_channel_and_triage_is_told_why()
    {
        graph.FailNext(403, null, "Forbidden", "Missing role permissions on the request. API requires one of 'Channel.Create'.");

        await teams.ReportSeverity1Async("Wifi down in Paris");
        await DeliverAsync();
        await DeliverAsync();

        Assert.Empty(graph.Channels(TeamsDriver.TeamGroupId));
        var root = Assert.Single(teams.Connector.Activities(TeamsDriver.Bridges));
        Assert.Contains("SUP-000001", root.Body["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(teams.Connector.Activities($"{TeamsDriver.Bridges};messageid={root.Id}"), p => p.Body["attachments"] is not null);
        Assert.Contains(teams.Connector.Activities(TeamsDriver.Triage),
            a => a.Body.ToJsonString().Contains("403 Forbidden: Missing role permissions", StringComparison.Ordinal));
    }

    private async Task DeliverAsync() => await host.Get<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);
}
