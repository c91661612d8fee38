using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using SupportBot.Slack.Api;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Tests.Slack;

/// <summary>The fake keeps Slack's rules, so that tests written against it mean something.</summary>
public sealed class FakeSlackTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<string> ErrorOf(SlackRig rig, string method, JsonObject args) =>
        (await Assert.ThrowsAsync<SlackApiException>(() => rig.Api.CallAsync(method, args, None))).Error;

    [Theory]
    [InlineData("Incident", "invalid_name_specials")]
    [InlineData("incident one", "invalid_name_specials")]
    [InlineData("incident.one", "invalid_name_specials")]
    [InlineData("---", "invalid_name_punctuation")]
    [InlineData("", "invalid_name_required")]
    public async Task Channel_names_follow_slacks_rules(string name, string error)
    {
        await using var rig = await SlackRig.StartAsync();

        Assert.Equal(error, await ErrorOf(rig, "conversations.create", new JsonObject { ["name"] = name }));
        Assert.Equal("invalid_name_maxlength", await ErrorOf(rig, "conversations.create", new JsonObject { ["name"] = new string('a', 81) }));
        await rig.Api.CallAsync("conversations.create", new JsonObject { ["name"] = new string('a', 80) }, None);
    }

    [Fact]
    public async Task Posting_needs_text_or_blocks_an_open_channel_and_membership_unless_public()
    {
        await using var rig = await SlackRig.StartAsync();
        var open = rig.Fake.AddChannel("general", botIsMember: false);
        var archived = rig.Fake.AddChannel("old");
        rig.Fake.ArchiveChannel(archived);

        Assert.Equal("no_text", await ErrorOf(rig, "chat.postMessage", new JsonObject { ["channel"] = open }));
        Assert.Equal("is_archived", await ErrorOf(rig, "chat.postMessage", new JsonObject { ["channel"] = archived, ["text"] = "x" }));
        await rig.Api.CallAsync("chat.postMessage", new JsonObject { ["channel"] = open, ["text"] = "x" }, None);
        rig.Fake.ChatWritePublic = false;
        Assert.Equal("not_in_channel", await ErrorOf(rig, "chat.postMessage", new JsonObject { ["channel"] = open, ["text"] = "x" }));
    }

    [Fact]
    public async Task Timestamps_are_strings_that_always_increase()
    {
        await using var rig = await SlackRig.StartAsync();
        var channel = rig.Fake.AddChannel("triage");
        var ts = new List<string>();

        for (var i = 0; i < 4; i++)
        {
            ts.Add((await rig.Api.CallAsync("chat.postMessage", new JsonObject { ["channel"] = channel, ["text"] = "x" }, None))["ts"]!.GetValue<string>());
        }

        Assert.Equal("1767225700.000100", ts[0]);
        Assert.Equal(ts.Order(StringComparer.Ordinal), ts);
        Assert.Equal(4, ts.Distinct().Count());
    }

    [Fact]
    public async Task Updates_need_a_message_of_the_bots_own()
    {
        await using var rig = await SlackRig.StartAsync();
        var channel = rig.Fake.AddChannel("triage", members: "U0ANA");
        rig.Fake.AddUser("U0ANA", "Ana");
        var theirs = rig.Fake.AddUserMessage(channel, "U0ANA", "hello");

        Assert.Equal("message_not_found", await ErrorOf(rig, "chat.update", new JsonObject { ["channel"] = channel, ["ts"] = "1.000100", ["text"] = "x" }));
        Assert.Equal("cant_update_message", await ErrorOf(rig, "chat.update", new JsonObject { ["channel"] = channel, ["ts"] = theirs, ["text"] = "x" }));
    }

    [Fact]
    public async Task An_ephemeral_message_needs_the_user_in_the_channel()
    {
        await using var rig = await SlackRig.StartAsync();
        rig.Fake.AddUser("U0ANA", "Ana");
        rig.Fake.AddUser("U0BEN", "Ben");
        var channel = rig.Fake.AddChannel("triage", members: "U0ANA");

        var answer = await rig.Api.CallAsync("chat.postEphemeral", new JsonObject { ["channel"] = channel, ["user"] = "U0ANA", ["text"] = "only you" }, None);

        Assert.Equal("user_not_in_channel", await ErrorOf(rig, "chat.postEphemeral", new JsonObject { ["channel"] = channel, ["user"] = "U0BEN", ["text"] = "x" }));
        Assert.Equal(answer["message_ts"]!.GetValue<string>(), Assert.Single(rig.Fake.Ephemerals()).Ts);
        Assert.Empty(rig.Fake.Messages(channel));
    }

    [Fact]
    public async Task Without_force_one_bad_id_fails_the_invite_and_nobody_is_added()
    {
        await using var rig = await SlackRig.StartAsync();
        rig.Fake.AddUser("U0ANA", "Ana");
        var channel = rig.Fake.AddChannel("incident");

        var thrown = await Assert.ThrowsAsync<SlackApiException>(() =>
            rig.Api.CallAsync("conversations.invite", new JsonObject { ["channel"] = channel, ["users"] = "U0ANA,U0GONE" }, None));

        Assert.Equal("user_not_found", thrown.Error);
        Assert.Equal("U0GONE", thrown.Response!["errors"]![0]!["user"]!.GetValue<string>());
        Assert.Equal([FakeSlack.BotUserId], rig.Fake.Channel(channel)!.Members);
    }

    [Fact]
    public async Task A_topic_over_250_characters_is_too_long()
    {
        await using var rig = await SlackRig.StartAsync();
        var channel = rig.Fake.AddChannel("incident");

        Assert.Equal("too_long", await ErrorOf(rig, "conversations.setTopic", new JsonObject { ["channel"] = channel, ["topic"] = new string('t', 251) }));
    }

    [Fact]
    public async Task A_trigger_id_opens_one_modal_and_then_has_expired()
    {
        await using var rig = await SlackRig.StartAsync();
        var trigger = rig.Fake.IssueTriggerId();
        var view = new JsonObject { ["type"] = "modal", ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Report a problem" }, ["blocks"] = new JsonArray() };

        var opened = await rig.Api.CallAsync("views.open", new JsonObject { ["trigger_id"] = trigger, ["view"] = view.DeepClone() }, None);

        Assert.Equal("expired_trigger_id", await ErrorOf(rig, "views.open", new JsonObject { ["trigger_id"] = trigger, ["view"] = view.DeepClone() }));
        Assert.Equal("invalid_trigger_id", await ErrorOf(rig, "views.open", new JsonObject { ["trigger_id"] = "made.up", ["view"] = view.DeepClone() }));
        var id = opened["view"]!["id"]!.GetValue<string>();
        Assert.Equal("Report a problem", rig.Fake.View(id)!.View["title"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_trigger_id_expires_after_three_seconds()
    {
        var clock = new AdvancingClock(SlackRig.T0);
        await using var rig = await SlackRig.StartAsync(clock);
        var trigger = rig.Fake.IssueTriggerId();
        clock.Advance(TimeSpan.FromSeconds(3.5));

        Assert.Equal("expired_trigger_id", await ErrorOf(rig, "views.open", new JsonObject
        {
            ["trigger_id"] = trigger,
            ["view"] = new JsonObject { ["type"] = "modal", ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = "x" } },
        }));
    }

    [Fact]
    public async Task A_view_update_with_a_stale_hash_is_a_hash_conflict()
    {
        await using var rig = await SlackRig.StartAsync();
        var modal = new JsonObject { ["type"] = "modal", ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Loading" } };
        var opened = (await rig.Api.CallAsync("views.open", new JsonObject { ["trigger_id"] = rig.Fake.IssueTriggerId(), ["view"] = modal.DeepClone() }, None))["view"]!;
        var (id, hash) = (opened["id"]!.GetValue<string>(), opened["hash"]!.GetValue<string>());

        await rig.Api.CallAsync("views.update", new JsonObject { ["view_id"] = id, ["hash"] = hash, ["view"] = modal.DeepClone() }, None);

        Assert.Equal("hash_conflict", await ErrorOf(rig, "views.update", new JsonObject { ["view_id"] = id, ["hash"] = hash, ["view"] = modal.DeepClone() }));
        Assert.Equal("not_found", await ErrorOf(rig, "views.update", new JsonObject { ["view_id"] = "V-NONE", ["view"] = modal.DeepClone() }));
    }

    [Fact]
    public async Task A_home_tab_is_published_per_user()
    {
        await using var rig = await SlackRig.StartAsync();
        rig.Fake.AddUser("U0ANA", "Ana");
        var home = new JsonObject { ["type"] = "home", ["blocks"] = new JsonArray() };

        await rig.Api.CallAsync("views.publish", new JsonObject { ["user_id"] = "U0ANA", ["view"] = home.ToJsonString() }, None);

        Assert.Equal("home", rig.Fake.HomeOf("U0ANA")!.Type);
        Assert.Equal("user_not_found", await ErrorOf(rig, "views.publish", new JsonObject { ["user_id"] = "U0GONE", ["view"] = home.DeepClone() }));
    }

    [Fact]
    public async Task Users_info_is_sent_as_a_form_and_answers_the_time_zone()
    {
        await using var rig = await SlackRig.StartAsync();
        rig.Fake.AddUser("U0ANA", "Ana", "Asia/Kolkata");

        var answer = await rig.Api.CallAsync("users.info", new JsonObject { ["user"] = "U0ANA" }, None);

        Assert.Equal("Asia/Kolkata", answer["user"]!["tz"]!.GetValue<string>());
        Assert.StartsWith("application/x-www-form-urlencoded", rig.Fake.Calls("users.info")[0].ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Socket_mode_says_hello_relays_acks_disconnects_and_drops()
    {
        await using var rig = await SlackRig.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var ct = timeout.Token;
        var url = await rig.Api.OpenConnectionAsync(ct);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(url, ct);

        var hello = await ReceiveAsync(socket, ct);
        Assert.Equal(("hello", FakeSlack.AppId), (hello["type"]!.GetValue<string>(), hello["connection_info"]!["app_id"]!.GetValue<string>()));
        var acked = rig.Fake.SendEnvelopeAsync("slash_commands", new JsonObject { ["command"] = "/support" }, acceptsResponsePayload: true, ct);
        var envelope = await ReceiveAsync(socket, ct);
        Assert.Equal(("slash_commands", true), (envelope["type"]!.GetValue<string>(), envelope["accepts_response_payload"]!.GetValue<bool>()));
        await SendAsync(socket, new JsonObject { ["envelope_id"] = envelope["envelope_id"]!.DeepClone(), ["payload"] = new JsonObject { ["text"] = "Opening…" } }, ct);
        Assert.Equal("Opening…", (await acked)["payload"]!["text"]!.GetValue<string>());

        await rig.Fake.SendDisconnectAsync("refresh_requested", ct);
        Assert.Equal("refresh_requested", (await ReceiveAsync(socket, ct))["reason"]!.GetValue<string>());
        rig.Fake.DropConnections();
        await Assert.ThrowsAnyAsync<Exception>(async () => await ReceiveAsync(socket, ct));

        using var reused = new ClientWebSocket();
        await Assert.ThrowsAsync<WebSocketException>(() => reused.ConnectAsync(url, ct)); // a ticket is single-use
        Assert.Equal(1, rig.Fake.ConnectionsOpened);
    }

    private static async Task<JsonObject> ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        var result = await socket.ReceiveAsync(buffer, ct);
        if (result.MessageType == WebSocketMessageType.Close)
        {
            throw new WebSocketException("closed");
        }
        return JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, result.Count))!.AsObject();
    }

    private static Task SendAsync(ClientWebSocket socket, JsonObject frame, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()), WebSocketMessageType.Text, true, ct);
}
