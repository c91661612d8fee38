using System.Text.Json.Nodes;
using SupportBot.Core.Channels;
using SupportBot.Slack.Api;
using SupportBot.Tests.Slack;
using SupportBot.Tests.Slack.Fakes;
using SupportBot.Tests.Teams;

namespace SupportBot.Tests.Outages;

/// <summary>A platform's Retry-After holds what it applies to for every caller, without a request, until it ends.</summary>
public sealed class RetryAfterHoldTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_slack_429_holds_the_method_in_every_channel_until_retry_after_ends_and_leaves_other_methods_alone()
    {
        var clock = new AdvancingClock(SlackRig.T0);
        await using var rig = await SlackRig.StartAsync(clock);
        var (one, two) = (rig.Fake.AddChannel("one"), rig.Fake.AddChannel("two"));
        rig.Fake.FailNext("chat.update", status: 429, retryAfter: 5);
        var posted = await rig.Api.CallAsync("chat.postMessage", new JsonObject { ["channel"] = one, ["text"] = "card" }, None);
        var ts = posted["ts"]!.GetValue<string>();

        await Assert.ThrowsAsync<SlackApiException>(() => rig.Api.CallAsync("chat.update", new JsonObject { ["channel"] = one, ["ts"] = ts, ["text"] = "v1" }, None));
        clock.Advance(TimeSpan.FromSeconds(4));
        var held = await Assert.ThrowsAsync<SlackApiException>(() => rig.Api.CallAsync("chat.update", new JsonObject { ["channel"] = two, ["ts"] = ts, ["text"] = "v2" }, None));
        await rig.Api.CallAsync("chat.postMessage", new JsonObject { ["channel"] = two, ["text"] = "other method" }, None);

        Assert.Equal((ChannelFailure.RateLimited, TimeSpan.FromSeconds(1)), (held.Failure, held.RetryAfter));
        Assert.Single(rig.Fake.Calls("chat.update"));
        clock.Advance(TimeSpan.FromSeconds(1));
        await rig.Api.CallAsync("chat.update", new JsonObject { ["channel"] = one, ["ts"] = ts, ["text"] = "v3" }, None);
        Assert.Equal(2, rig.Fake.Calls("chat.update").Count);
    }

    [Fact]
    public async Task A_teams_429_holds_that_conversation_until_retry_after_ends_and_leaves_others_alone()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await using var rig = await TeamsRig.StartAsync(clock);
        rig.Fake.AddConversation("19:other@thread.tacv2");
        var triage = TeamsChannelTests.Triage(rig);
        var other = new ConversationRef(ChannelKind.Teams, "19:other@thread.tacv2", IsDirect: false, rig.Fake.ServiceUrl);
        rig.Fake.FailNext(429, retryAfter: 7);

        await Assert.ThrowsAsync<ChannelException>(() => rig.Channel.PostAsync(triage, TeamsChannelTests.Card("one"), None));
        clock.Advance(TimeSpan.FromSeconds(6));
        var held = await Assert.ThrowsAsync<ChannelException>(() => rig.Channel.PostAsync(triage, TeamsChannelTests.Card("two"), None));
        await rig.Channel.PostAsync(other, TeamsChannelTests.Card("elsewhere"), None);

        Assert.Equal((ChannelFailure.RateLimited, TimeSpan.FromSeconds(1)), (held.Kind, held.RetryAfter));
        Assert.Single(rig.Fake.Requests, r => r.Conversation == TeamsRig.Triage);
        clock.Advance(TimeSpan.FromSeconds(1));
        await rig.Channel.PostAsync(triage, TeamsChannelTests.Card("three"), None);
        Assert.Single(rig.Fake.Activities(TeamsRig.Triage));
    }

    [Fact]
    public async Task A_teams_429_in_a_reply_chain_holds_its_channel_and_a_429_in_the_channel_holds_its_reply_chains()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await using var rig = await TeamsRig.StartAsync(clock);
        var triage = TeamsChannelTests.Triage(rig);
        var card = await rig.Channel.PostAsync(triage, TeamsChannelTests.Card("card"), None);
        // How the acknowledgement path knows the card: by the conversation of the click, the card's reply chain.
        var clicked = card with { ConversationId = $"{TeamsRig.Triage};messageid={card.MessageId}" };

        rig.Fake.FailNext(429, retryAfter: 7);
        await Assert.ThrowsAsync<ChannelException>(() => rig.Channel.UpdateAsync(clicked, TeamsChannelTests.Card("claimed"), None));
        var channelHeld = await Assert.ThrowsAsync<ChannelException>(() => rig.Channel.PostAsync(triage, TeamsChannelTests.Card("next"), None));
        clock.Advance(TimeSpan.FromSeconds(7));
        rig.Fake.FailNext(429, retryAfter: 5);
        await Assert.ThrowsAsync<ChannelException>(() => rig.Channel.PostAsync(triage, TeamsChannelTests.Card("next"), None));
        var chainHeld = await Assert.ThrowsAsync<ChannelException>(() => rig.Channel.UpdateAsync(clicked, TeamsChannelTests.Card("claimed"), None));

        Assert.Equal((ChannelFailure.RateLimited, TimeSpan.FromSeconds(7)), (channelHeld.Kind, channelHeld.RetryAfter));
        Assert.Equal((ChannelFailure.RateLimited, TimeSpan.FromSeconds(5)), (chainHeld.Kind, chainHeld.RetryAfter));
        Assert.Equal(["send", "update", "send"], rig.Fake.Requests.Select(r => r.Operation));
    }
}
