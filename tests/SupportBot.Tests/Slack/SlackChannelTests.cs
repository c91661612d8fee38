using System.Text.Json.Nodes;
using SupportBot.Core.Channels;
using SupportBot.Slack;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Tests.Slack;

public sealed class SlackChannelTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static OutboundMessage Card(string text, string template = "case-opened") =>
        new(template, new JsonObject { ["number"] = "SUP-000042", ["text"] = text }, text);

    private static ConversationRef Conversation(string id) => new(ChannelKind.Slack, id, IsDirect: false);

    private static UserRef User(string id) => new(ChannelKind.Slack, id, id);

    [Fact]
    public async Task A_post_sends_text_and_blocks_without_unfurls_or_link_names_and_returns_the_ts()
    {
        await using var rig = await SlackRig.StartAsync();
        var triage = rig.Fake.AddChannel("triage");

        var posted = await rig.Channel.PostAsync(Conversation(triage), Card("New case"), None);

        var message = Assert.Single(rig.Fake.Messages(triage));
        Assert.Equal(new MessageRef(ChannelKind.Slack, triage, message.Ts), posted);
        Assert.Matches(@"^\d{10}\.\d{6}$", posted.MessageId);
        Assert.Equal("New case", message.Text);
        Assert.Equal("New case", message.Blocks![0]!["text"]!["text"]!.GetValue<string>());
        var args = Assert.Single(rig.Fake.Calls("chat.postMessage")).Args;
        Assert.Equal((false, false), (args["unfurl_links"]!.GetValue<bool>(), args["unfurl_media"]!.GetValue<bool>()));
        Assert.False(args.ContainsKey("link_names"));
        Assert.False(args.ContainsKey("parse"));
    }

    [Fact]
    public async Task An_update_replaces_the_text_and_blocks_of_the_posted_message()
    {
        await using var rig = await SlackRig.StartAsync();
        var triage = rig.Fake.AddChannel("triage");
        var posted = await rig.Channel.PostAsync(Conversation(triage), Card("New case"), None);

        await rig.Channel.UpdateAsync(posted, Card("Claimed by Ana"), None);

        var message = Assert.Single(rig.Fake.Messages(triage));
        Assert.Equal(("Claimed by Ana", true), (message.Text, message.Edited));
        Assert.Equal("Claimed by Ana", message.Blocks![0]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_post_where_slack_refuses_fails_permanently_with_the_method_and_error()
    {
        await using var rig = await SlackRig.StartAsync();
        var elsewhere = rig.Fake.AddChannel("secret", isPrivate: true, botIsMember: false);

        var missing = await Assert.ThrowsAsync<ChannelException>(() => rig.Channel.PostAsync(Conversation("C-GONE"), Card("hi"), None));
        var hidden = await Assert.ThrowsAsync<ChannelException>(() => rig.Channel.PostAsync(Conversation(elsewhere), Card("hi"), None));

        Assert.Equal((ChannelFailure.Permanent, "chat.postMessage: channel_not_found"), (missing.Kind, missing.Message));
        Assert.Equal(ChannelFailure.Permanent, hidden.Kind);
    }

    [Fact]
    public async Task A_direct_message_opens_the_dm_once_and_its_update_uses_the_d_channel()
    {
        await using var rig = await SlackRig.StartAsync();
        rig.Fake.AddUser("U0MANAGER", "Mia");

        var page = await rig.Channel.SendDirectAsync(User("U0MANAGER"), Card("Page: SUP-000042"), None);
        var second = await rig.Channel.SendDirectAsync(User("U0MANAGER"), Card("Page again"), None);
        await rig.Channel.UpdateAsync(page, Card("Acknowledged"), None);

        var dm = rig.Fake.DirectChannelOf("U0MANAGER");
        Assert.StartsWith("D", dm, StringComparison.Ordinal);
        Assert.Equal((dm, dm), (page.ConversationId, second.ConversationId));
        Assert.Single(rig.Fake.Calls("conversations.open"));
        Assert.Equal("U0MANAGER", rig.Fake.Calls("conversations.open")[0].Args["users"]!.GetValue<string>());
        Assert.Equal(["Acknowledged", "Page again"], rig.Fake.Messages(dm!).Select(m => m.Text));
        Assert.Equal(dm, rig.Fake.Calls("chat.update").Single().Args["channel"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_direct_message_to_an_unknown_user_fails_permanently()
    {
        await using var rig = await SlackRig.StartAsync();

        var thrown = await Assert.ThrowsAsync<ChannelException>(() => rig.Channel.SendDirectAsync(User("U0NOBODY"), Card("hi"), None));

        Assert.Equal((ChannelFailure.Permanent, "conversations.open: user_not_found"), (thrown.Kind, thrown.Message));
    }

    [Fact]
    public async Task A_taken_name_is_retried_with_a_suffix_and_the_topic_is_set()
    {
        await using var rig = await SlackRig.StartAsync();
        rig.Fake.AddChannel("incident-sup-000042-printer");
        rig.Fake.ArchiveChannel(rig.Fake.AddChannel("incident-sup-000042-printer-2"));

        var bridge = await rig.Channel.CreateChannelAsync("incident-sup-000042-printer", "Severity 1: printers down", None);

        var created = rig.Fake.Channel(bridge.Id)!;
        Assert.Equal(new ConversationRef(ChannelKind.Slack, created.Id, IsDirect: false), bridge);
        Assert.Equal(("incident-sup-000042-printer-3", "Severity 1: printers down", false), (created.Name, created.Topic, created.IsPrivate));
        Assert.Contains(FakeSlack.BotUserId, created.Members);
        Assert.Equal(
            ["incident-sup-000042-printer", "incident-sup-000042-printer-2", "incident-sup-000042-printer-3"],
            rig.Fake.Calls("conversations.create").Select(c => c.Args["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_long_name_is_cut_before_the_suffix_and_a_long_topic_to_250()
    {
        await using var rig = await SlackRig.StartAsync();
        var name = "incident-sup-000042-" + new string('x', 60);
        rig.Fake.AddChannel(name);

        var bridge = await rig.Channel.CreateChannelAsync(name, new string('t', 300), None);

        var created = rig.Fake.Channel(bridge.Id)!;
        Assert.Equal(80, name.Length);
        Assert.Equal(string.Concat(name.AsSpan(0, 78), "-2"), created.Name);
        Assert.Equal(250, created.Topic.Length);
    }

    [Fact]
    public async Task Ten_taken_names_fail_permanently_after_ten_tries()
    {
        await using var rig = await SlackRig.StartAsync();
        rig.Fake.FailNext("conversations.create", count: 10, error: "name_taken");

        var thrown = await Assert.ThrowsAsync<ChannelException>(() => rig.Channel.CreateChannelAsync("incident-x", "", None));

        Assert.Equal(ChannelFailure.Permanent, thrown.Kind);
        Assert.Contains("name_taken", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(10, rig.Fake.Calls("conversations.create").Count);
        Assert.Empty(rig.Fake.Channels());
    }

    [Fact]
    public async Task A_topic_slack_refuses_does_not_fail_the_created_channel()
    {
        await using var rig = await SlackRig.StartAsync();
        rig.Fake.FailNext("conversations.setTopic", status: 500);

        var bridge = await rig.Channel.CreateChannelAsync("incident-y", "topic", None);

        Assert.NotNull(rig.Fake.Channel(bridge.Id));
        Assert.Contains(rig.Logs.Lines, l => l.Contains("topic was not set: http_500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Inviting_people_already_there_succeeds_and_refusals_per_person_are_logged()
    {
        await using var rig = await SlackRig.StartAsync();
        rig.Fake.AddUser("U0ANA", "Ana");
        rig.Fake.AddUser("U0BEN", "Ben");
        var bridge = Conversation(rig.Fake.AddChannel("incident-z", members: "U0ANA"));

        await rig.Channel.InviteAsync(bridge, [User("U0ANA")], None);
        await rig.Channel.InviteAsync(bridge, [User("U0ANA"), User("U0BEN"), User("U0GONE"), User(FakeSlack.BotUserId)], None);

        Assert.Equal(["U0ANA", "U0BEN", FakeSlack.BotUserId], rig.Fake.Channel(bridge.Id)!.Members);
        var args = rig.Fake.Calls("conversations.invite")[1].Args;
        Assert.Equal(("U0ANA,U0BEN,U0GONE,U0BOT", true), (args["users"]!.GetValue<string>(), args["force"]!.GetValue<bool>()));
        Assert.Contains(rig.Logs.Lines, l => l.Contains("did not invite U0GONE to", StringComparison.Ordinal) && l.Contains("user_not_found", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invites_go_in_calls_of_at_most_100_people()
    {
        await using var rig = await SlackRig.StartAsync();
        var people = Enumerable.Range(0, 250).Select(i => rig.Fake.AddUser($"U{i:D4}", $"p{i}").Id).ToList();
        var bridge = Conversation(rig.Fake.AddChannel("incident-big"));

        await rig.Channel.InviteAsync(bridge, [.. people.Select(User), new UserRef(ChannelKind.Teams, "29:teams", "T")], None);

        Assert.Equal([100, 100, 50], rig.Fake.Calls("conversations.invite").Select(c => c.Args["users"]!.GetValue<string>().Split(',').Length));
        Assert.Equal(251, rig.Fake.Channel(bridge.Id)!.Members.Count);
    }

    [Fact]
    public async Task Inviting_to_an_archived_channel_fails_permanently()
    {
        await using var rig = await SlackRig.StartAsync();
        rig.Fake.AddUser("U0ANA", "Ana");
        var bridge = rig.Fake.AddChannel("incident-old");
        rig.Fake.ArchiveChannel(bridge);

        var thrown = await Assert.ThrowsAsync<ChannelException>(() => rig.Channel.InviteAsync(Conversation(bridge), [User("U0ANA")], None));

        Assert.Equal((ChannelFailure.Permanent, "conversations.invite: is_archived"), (thrown.Kind, thrown.Message));
    }

    [Fact]
    public async Task Pinning_twice_and_archiving_twice_succeed()
    {
        await using var rig = await SlackRig.StartAsync();
        var bridge = await rig.Channel.CreateChannelAsync("incident-sup-000042", "", None);
        var status = await rig.Channel.PostAsync(bridge, Card("Status"), None);

        await rig.Channel.PinAsync(status, None);
        await rig.Channel.PinAsync(status, None);
        await rig.Channel.ArchiveAsync(bridge, None);
        await rig.Channel.ArchiveAsync(bridge, None);

        var channel = rig.Fake.Channel(bridge.Id)!;
        Assert.Equal([status.MessageId], channel.Pins);
        Assert.True(channel.Archived);
        Assert.Equal(status.MessageId, rig.Fake.Calls("pins.add")[0].Args["timestamp"]!.GetValue<string>());
        Assert.Equal(2, rig.Fake.Calls("conversations.archive").Count);
    }

    [Fact]
    public async Task Pinning_a_message_that_is_not_there_fails_permanently()
    {
        await using var rig = await SlackRig.StartAsync();
        var triage = rig.Fake.AddChannel("triage");

        var thrown = await Assert.ThrowsAsync<ChannelException>(() =>
            rig.Channel.PinAsync(new MessageRef(ChannelKind.Slack, triage, "1767225700.000200"), None));

        Assert.Equal("pins.add: message_not_found", thrown.Message);
    }

    [Fact]
    public async Task A_platform_other_than_slack_is_refused_permanently()
    {
        await using var rig = await SlackRig.StartAsync();

        var thrown = await Assert.ThrowsAsync<ChannelException>(() =>
            rig.Channel.PostAsync(new ConversationRef(ChannelKind.Teams, "19:x", false), Card("hi"), None));

        Assert.Equal(ChannelFailure.Permanent, thrown.Kind);
        Assert.Empty(rig.Fake.Calls());
    }

    [Fact]
    public async Task Each_post_and_update_keeps_the_card_it_shows_by_channel_and_ts()
    {
        await using var rig = await SlackRig.StartAsync();
        var triage = rig.Fake.AddChannel("triage");
        rig.Fake.AddUser("U0ANA", "Ana");

        var card = await rig.Channel.PostAsync(Conversation(triage), Card("New case"), None);
        var page = await rig.Channel.SendDirectAsync(User("U0ANA"), Card("Page", "page"), None);
        await rig.Channel.UpdateAsync(card, Card("Claimed", "case-claimed"), None);

        var shown = rig.Store.Find(triage, card.MessageId)!;
        Assert.Equal(("case-claimed", "Claimed", "SUP-000042"), (shown.Template, shown.Text, shown.Data["number"]!.GetValue<string>()));
        Assert.Equal("page", rig.Store.Find(page.ConversationId, page.MessageId)!.Template);
        Assert.Null(rig.Store.Find(triage, "1767225700.999900"));
    }

    [Fact]
    public async Task The_message_store_round_trips_a_card_and_the_newest_save_wins()
    {
        await using var rig = await SlackRig.StartAsync();
        var data = new JsonObject { ["case"] = new JsonObject { ["number"] = "SUP-000007", ["tags"] = new JsonArray("a", "b") }, ["count"] = 3 };

        await rig.Store.SaveAsync("C1", "1767225700.000200", new OutboundMessage("case-opened", data, "first"));
        await rig.Store.SaveAsync("C1", "1767225700.000200", new OutboundMessage("case-opened", data, "second"));
        await rig.Store.SaveAsync("C2", "1767225700.000200", new OutboundMessage("other", [], "elsewhere"));

        var found = rig.Store.Find("C1", "1767225700.000200")!;
        Assert.Equal(("case-opened", "second"), (found.Template, found.Text));
        Assert.Equal(data.ToJsonString(), found.Data.ToJsonString());
        Assert.Equal("other", rig.Store.Find("C2", "1767225700.000200")!.Template);
        Assert.Null(rig.Store.Find("C1", "1767225700.0002"));
    }
}
