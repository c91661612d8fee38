using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Outbox;
using SupportBot.Teams.Graph;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Outbox;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Tests.Teams;

/// <summary>Severity 1 bridges on Teams through Microsoft Graph, against the loopback Connector and Graph fakes.</summary>
public sealed class TeamsBridgeTests : IAsyncLifetime, IDisposable
{
    private const string GroupId = "0d1c2b3a-4f5e-6d7c-8b9a-a1b2c3d4e5f6";
    private const string Name = "incident-sup-000042-payments-down-for-every-customer-in-europe";
    private const string Topic = "SUP-000042 Severity 1: Payments down for every customer in Europe. Updates every 30 minutes.";
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly OutboxFixture f = new();
    private FakeGraph graph = null!;
    private TeamsRig rig = null!;

    private HostDb Db => new(rig.DatabasePath);

    public async Task InitializeAsync()
    {
        graph = await FakeGraph.StartAsync();
        graph.AddTeam(GroupId);
        rig = await TeamsRig.StartAsync(f.Clock, new Dictionary<string, string?>
        {
            ["SupportBot:Teams:Graph:TeamId"] = GroupId,
            ["SupportBot:Teams:Graph:BaseUrl"] = graph.ApiUrl.AbsoluteUri,
            ["SupportBot:Teams:Graph:TokenEndpoint"] = graph.TokenEndpoint.AbsoluteUri,
        });
        graph.ChannelCreated = rig.Fake.AddConversation;
    }

    public async Task DisposeAsync()
    {
        await rig.DisposeAsync();
        await graph.DisposeAsync();
    }

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task With_Graph_a_bridge_is_a_new_standard_channel_with_a_valid_name_and_its_thread_starts_there_with_the_topic()
    {
        var bridge = await rig.Channel.CreateChannelAsync(Name, Topic, None);

        var channel = Assert.Single(graph.Channels(GroupId));
        Assert.Equal(("incident-sup-000042-payments-down-for-every-custom", Topic, "standard"), (channel.DisplayName, channel.Description, channel.MembershipType));
        Assert.StartsWith(channel.Id + ";messageid=", bridge.Id, StringComparison.Ordinal);
        Assert.Equal((ChannelKind.Teams, rig.Fake.ServiceUrl), (bridge.Channel, bridge.Address));
        var thread = Assert.Single(rig.Fake.Creations);
        Assert.Equal((true, channel.Id), (thread["isGroup"]!.GetValue<bool>(), thread["channelData"]!["channel"]!["id"]!.GetValue<string>()));
        Assert.Equal($"{Name}: {Topic}", Assert.Single(rig.Fake.Activities(bridge.Id)).Body["text"]!.GetValue<string>());
        // Each token went only where it belongs: Graph's to Graph, the Connector's to the service URL.
        Assert.All(graph.Requests, r => Assert.True(r.Authorized));
        Assert.All(rig.Fake.Requests, r => Assert.True(r.Authorized));
        Assert.DoesNotContain(rig.Fake.IssuedTokens, graph.IssuedTokens.Contains);
        Assert.Empty(rig.Fake.Activities(TeamsRig.Bridges));
    }

    [Fact]
    public async Task A_name_already_taken_in_the_team_gets_a_number()
    {
        await rig.Channel.CreateChannelAsync("incident-sup-000042", "first", None);
        Db.Execute("DELETE FROM teams_channels"); // as if another bridge had taken the name

        await rig.Channel.CreateChannelAsync("incident-sup-000042", "second", None);

        Assert.Equal(["incident-sup-000042", "incident-sup-000042 2"], graph.Channels(GroupId).Select(c => c.DisplayName));
    }

    [Fact]
    public async Task Graph_403_opens_the_bridge_as_a_thread_in_the_bridges_channel_and_tells_triage_why_once_per_outage()
    {
        graph.FailNext(403);
        graph.FailNext(403);

        var first = await rig.Channel.CreateChannelAsync(Name, Topic, None);
        var second = await rig.Channel.CreateChannelAsync(Name + "-2", Topic, None);

        Assert.StartsWith(TeamsRig.Bridges + ";messageid=", first.Id, StringComparison.Ordinal);
        Assert.StartsWith(TeamsRig.Bridges + ";messageid=", second.Id, StringComparison.Ordinal);
        Assert.Empty(graph.Channels(GroupId));
        var told = Assert.Single(Db.Texts("SELECT payload FROM outbox"));
        Assert.Contains(TeamsRig.Triage, told, StringComparison.Ordinal);
        Assert.Contains("Graph create channel: 403 Forbidden: Missing role permissions on the request.", told, StringComparison.Ordinal);

        await rig.Channel.CreateChannelAsync(Name + "-3", Topic, None);
        graph.FailNext(403);
        await rig.Channel.CreateChannelAsync(Name + "-4", Topic, None);

        Assert.Single(graph.Channels(GroupId));
        Assert.Equal(2, Db.Count("SELECT count(*) FROM outbox"));
    }

    [Fact]
    public async Task Graph_429_is_retried_through_the_outbox_after_its_Retry_After_and_creates_one_channel()
    {
        graph.FailNext(429, retryAfter: 7, code: "TooManyRequests", message: "Too many requests");
        using var dispatcher = f.Dispatcher([rig.Channel]);
        var id = await f.EnqueueAsync(new CreateChannel(ChannelKind.Teams, "case:c1:bridge", Name, Topic));

        await dispatcher.DeliverDueAsync(None);
        var waiting = await f.RowAsync(id);
        Assert.Equal((OutboxEntry.Pending, OutboxFixture.T0.AddSeconds(7)), (waiting.Status, waiting.NextAttemptAt));
        Assert.StartsWith("Graph create channel: 429 TooManyRequests", waiting.LastError, StringComparison.Ordinal);
        f.Clock.Advance(TimeSpan.FromSeconds(7));
        await dispatcher.DeliverDueAsync(None);

        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(id)).Status);
        var channel = Assert.Single(graph.Channels(GroupId));
        Assert.StartsWith(channel.Id, (await f.Store.FindChannelAsync("case:c1:bridge", None))!.Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thread_that_failed_to_start_is_started_again_in_the_channel_already_created()
    {
        rig.Fake.FailNext(503);

        var failed = await Assert.ThrowsAsync<ChannelException>(() => rig.Channel.CreateChannelAsync(Name, Topic, None));
        var bridge = await rig.Channel.CreateChannelAsync(Name, Topic, None);

        Assert.Equal(ChannelFailure.Transient, failed.Kind);
        var channel = Assert.Single(graph.Channels(GroupId));
        Assert.StartsWith(channel.Id + ";messageid=", bridge.Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closing_a_Graph_bridge_posts_its_closing_note_once_and_archives_the_channel()
    {
        var bridge = await rig.Channel.CreateChannelAsync(Name, Topic, None);
        graph.FailNext(503, code: "ServiceUnavailable", message: "Try later");

        var failed = await Assert.ThrowsAsync<ChannelException>(() => rig.Channel.ArchiveAsync(bridge, None));
        await rig.Channel.ArchiveAsync(bridge, None);

        Assert.Equal(ChannelFailure.Transient, failed.Kind);
        var channel = Assert.Single(graph.Channels(GroupId));
        Assert.Equal([channel.Id], graph.Archived);
        var notes = rig.Fake.Activities(bridge.Id).Where(a => a.Body["text"]?.GetValue<string>().Contains("closed", StringComparison.Ordinal) == true);
        Assert.Single(notes);
    }

    [Fact]
    public async Task A_refused_archive_leaves_the_channel_open_with_its_closing_note()
    {
        var bridge = await rig.Channel.CreateChannelAsync(Name, Topic, None);
        graph.FailNext(403, message: "Missing ChannelSettings.ReadWrite.All");

        await rig.Channel.ArchiveAsync(bridge, None);

        Assert.Empty(graph.Archived);
        Assert.Contains("closed", rig.Fake.Activities(bridge.Id)[^1].Body["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("incident-sup-000001-wifi-down", 1, "incident-sup-000001-wifi-down")]
    [InlineData("SUP-1: Payments ~ #down# & <all> \"EU\"/US, 'now'?", 1, "SUP-1 Payments down all EUUS now")]
    [InlineData("..._hidden.. name...", 1, "hidden. name")]
    [InlineData("a name that is far longer than the fifty characters Teams allows", 12, "a name that is far longer than the fifty charac 12")]
    [InlineData("#%&", 1, "incident")]
    public void A_channel_name_keeps_within_what_Teams_accepts(string name, int attempt, string expected)
    {
        var result = GraphChannelName.For(name, attempt);

        Assert.Equal(expected, result);
        Assert.True(result.Length <= GraphChannelName.MaxLength);
    }
}
