using System.Text.Json.Nodes;
using SupportBot.Core.Channels;
using SupportBot.Teams;

namespace SupportBot.Tests.Teams;

/// <summary>TeamsChannel through the real Connector client to the fake.</summary>
public sealed class TeamsChannelTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Post_sends_the_expanded_card_as_the_only_attachment_with_the_text_as_summary()
    {
        await using var rig = await TeamsRig.StartAsync();

        var posted = await rig.Channel.PostAsync(Triage(rig), Card("New case"), None);

        var activity = Assert.Single(rig.Fake.Activities(TeamsRig.Triage));
        Assert.Equal(new MessageRef(ChannelKind.Teams, TeamsRig.Triage, activity.Id, rig.Fake.ServiceUrl), posted);
        Assert.Equal("message", activity.Body["type"]?.GetValue<string>());
        Assert.Equal("New case", activity.Body["summary"]?.GetValue<string>());
        Assert.Null(activity.Body["text"]);
        var attachment = Assert.Single(activity.Body["attachments"]!.AsArray())!;
        Assert.Equal(TeamsActivities.AdaptiveCardType, attachment["contentType"]?.GetValue<string>());
        Assert.Equal(("AdaptiveCard", "1.5"), (attachment["content"]?["type"]?.GetValue<string>(), attachment["content"]?["version"]?.GetValue<string>()));
    }

    [Fact]
    public async Task Update_replaces_the_same_activity_in_place()
    {
        await using var rig = await TeamsRig.StartAsync();
        var posted = await rig.Channel.PostAsync(Triage(rig), Card("New case"), None);

        await rig.Channel.UpdateAsync(posted, Card("Claimed"), None);

        var activity = Assert.Single(rig.Fake.Activities(TeamsRig.Triage));
        Assert.Equal((posted.MessageId, 1, "Claimed"), (activity.Id, activity.Updates, activity.Body["summary"]?.GetValue<string>()));
        Assert.Equal("PUT", rig.Fake.Requests[^1].Method);
    }

    [Fact]
    public async Task A_direct_message_creates_the_one_to_one_chat_once_and_posts_into_it()
    {
        await using var rig = await TeamsRig.StartAsync();
        var manager = new UserRef(ChannelKind.Teams, "29:manager", "Megan Bowen", rig.Fake.ServiceUrl);

        var first = await rig.Channel.SendDirectAsync(manager, Card("Page"), None);
        var second = await rig.Channel.SendDirectAsync(manager, Card("Page again"), None);

        var created = Assert.Single(rig.Fake.Creations);
        Assert.Equal("29:manager", created["members"]?[0]?["id"]?.GetValue<string>());
        Assert.Equal((false, Fakes.FakeConnector.TenantId, "28:" + Fakes.FakeConnector.AppId),
            (created["isGroup"]?.GetValue<bool>(), created["tenantId"]?.GetValue<string>(), created["bot"]?["id"]?.GetValue<string>()));
        Assert.Equal(("a:29:manager", "a:29:manager"), (first.ConversationId, second.ConversationId));
        Assert.Equal(2, rig.Fake.Activities("a:29:manager").Count);
    }

    [Fact]
    public async Task A_bridge_is_a_new_thread_in_the_bridges_channel_opened_by_name_and_topic()
    {
        await using var rig = await TeamsRig.StartAsync();

        var bridge = await rig.Channel.CreateChannelAsync("sev1-sup-000042", "Payments <down>", None);

        var created = Assert.Single(rig.Fake.Creations);
        Assert.Equal((true, TeamsRig.Bridges), (created["isGroup"]?.GetValue<bool>(), created["channelData"]?["channel"]?["id"]?.GetValue<string>()));
        Assert.StartsWith(TeamsRig.Bridges + ";messageid=", bridge.Id, StringComparison.Ordinal);
        Assert.Equal((ChannelKind.Teams, false, rig.Fake.ServiceUrl), (bridge.Channel, bridge.IsDirect, bridge.Address));
        var first = Assert.Single(rig.Fake.Activities(bridge.Id));
        Assert.Equal("sev1-sup-000042: Payments &lt;down&gt;", first.Body["text"]?.GetValue<string>());
    }

    [Fact]
    public async Task Invite_mentions_the_invited_people_in_one_message_in_the_thread()
    {
        await using var rig = await TeamsRig.StartAsync();
        var bridge = await rig.Channel.CreateChannelAsync("sev1", "Payments down", None);

        await rig.Channel.InviteAsync(bridge,
            [new UserRef(ChannelKind.Teams, "29:ann", "Ann <Ops>"), new UserRef(ChannelKind.Teams, "29:bob", "Bob"), new UserRef(ChannelKind.Slack, "U1", "Slacker")], None);

        var message = rig.Fake.Activities(bridge.Id)[^1].Body;
        Assert.Equal("Joining this bridge: <at>Ann &lt;Ops&gt;</at>, <at>Bob</at>", message["text"]?.GetValue<string>());
        var mentions = message["entities"]!.AsArray().Select(e => (e?["type"]?.GetValue<string>(), e?["text"]?.GetValue<string>(), e?["mentioned"]?["id"]?.GetValue<string>()));
        Assert.Equal([("mention", "<at>Ann &lt;Ops&gt;</at>", "29:ann"), ("mention", "<at>Bob</at>", "29:bob")], mentions);
    }

    [Fact]
    public async Task Pin_sends_nothing_and_archive_posts_a_closing_note()
    {
        await using var rig = await TeamsRig.StartAsync();
        var bridge = await rig.Channel.CreateChannelAsync("sev1", "Payments down", None);
        var requests = rig.Fake.Requests.Count;

        await rig.Channel.PinAsync(new MessageRef(ChannelKind.Teams, bridge.Id, "1", bridge.Address), None);
        Assert.Equal(requests, rig.Fake.Requests.Count);
        await rig.Channel.ArchiveAsync(bridge, None);

        Assert.Contains("closed", rig.Fake.Activities(bridge.Id)[^1].Body["text"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_service_url_is_refused_before_any_request()
    {
        await using var rig = await TeamsRig.StartAsync();
        var forged = new ConversationRef(ChannelKind.Teams, TeamsRig.Triage, IsDirect: false, "https://attacker.example/");

        var ex = await Assert.ThrowsAsync<ChannelException>(() => rig.Channel.PostAsync(forged, Card("x"), None));

        Assert.Equal(ChannelFailure.Permanent, ex.Kind);
        Assert.Contains("not allowed", ex.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0), (rig.Fake.Requests.Count, rig.Fake.TokenRequests));
    }

    internal static ConversationRef Triage(TeamsRig rig) => new(ChannelKind.Teams, TeamsRig.Triage, IsDirect: false, rig.Fake.ServiceUrl);

    internal static OutboundMessage Card(string text) => new("case-opened", new JsonObject { ["text"] = text }, text);
}
