using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Local;
using SupportBot.Outbox;
using static SupportBot.Tests.Outbox.OutboxFixture;

namespace SupportBot.Tests.Outbox;

public sealed class OutboxDeliveryTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly OutboxFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task An_update_waits_for_the_key_its_post_saves_and_then_updates_that_message()
    {
        var slack = new ScriptedChannel();
        slack.Fail("original", new ChannelException(ChannelFailure.Transient, "503"));
        using var dispatcher = f.Dispatcher([slack], new OutboxOptions { Parallelism = 1 });
        await f.EnqueueAsync(Post("original", key: "card:SUP-000042"));
        // Another lane, so that it is not simply queued behind its post.
        var update = await f.EnqueueAsync(new UpdateMessage("card:SUP-000042", "slack:elsewhere", Card("edited")));

        await dispatcher.DeliverDueAsync(None);
        Assert.Equal("message not posted yet", (await f.RowAsync(update)).LastError);
        Assert.DoesNotContain(slack.Calls, c => c.Method == "update");

        f.Clock.Advance(TimeSpan.FromSeconds(1));
        await dispatcher.DeliverDueAsync(None);

        var posted = Assert.Single(slack.Calls, c => c.Method == "post" && c.Succeeded);
        var updated = Assert.Single(slack.Calls, c => c.Method == "update");
        Assert.Equal(("m1", "edited"), (updated.Target, updated.Subject));
        Assert.Equal(new MessageRef(ChannelKind.Slack, Triage.Id, "m1"), await f.Store.FindMessageAsync("card:SUP-000042", None));
        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(update)).Status);
    }

    [Fact]
    public async Task An_update_whose_post_failed_for_good_goes_dead_at_once_and_does_not_hold_up_its_lane()
    {
        var slack = new ScriptedChannel();
        slack.Fail("original", new ChannelException(ChannelFailure.Permanent, "channel_not_found"));
        using var dispatcher = f.Dispatcher([slack], new OutboxOptions { Parallelism = 1 });
        await f.EnqueueAsync(Post("original", key: "card:SUP-000042"));
        var update = await f.EnqueueAsync(new UpdateMessage("card:SUP-000042", Triage.Lane, Card("edited")));
        await f.EnqueueAsync(Post("next case"));

        await dispatcher.DeliverDueAsync(None);

        var row = await f.RowAsync(update);
        Assert.Equal((OutboxEntry.Dead, "its message was never posted"), (row.Status, row.LastError));
        Assert.Single(slack.Calls, c => c.Method == "post" && c.Succeeded);
    }

    [Fact]
    public async Task A_channel_operation_whose_channel_will_never_be_created_goes_dead_at_once()
    {
        var slack = new ScriptedChannel();
        using var dispatcher = f.Dispatcher([slack]);
        var invite = await f.EnqueueAsync(new InviteToChannel("bridge:SUP-000042", [new UserRef(ChannelKind.Slack, "U1", "Ann")]));

        await dispatcher.DeliverDueAsync(None);

        var row = await f.RowAsync(invite);
        Assert.Equal((OutboxEntry.Dead, "its channel was never created"), (row.Status, row.LastError));
        Assert.Empty(slack.Calls);
    }

    [Fact]
    public async Task A_post_to_a_channel_waits_behind_the_channels_creation_and_goes_to_the_created_channel()
    {
        var slack = new ScriptedChannel();
        slack.Fail("sup-000042", new ChannelException(ChannelFailure.Transient, "503"));
        using var dispatcher = f.Dispatcher([slack]);
        await f.EnqueueAsync(new CreateChannel(ChannelKind.Slack, "bridge:SUP-000042", "sup-000042", "Severity 1"));
        await f.EnqueueAsync(new PostToChannel("bridge:SUP-000042", Card("status"), null));

        await dispatcher.DeliverDueAsync(None);
        Assert.Equal(0, slack.Attempts("status"));
        f.Clock.Advance(TimeSpan.FromMinutes(1));
        await dispatcher.DeliverDueAsync(None);

        Assert.Equal(["sup-000042", "status"], slack.Delivered);
        Assert.Equal("C1", Assert.Single(slack.Calls, c => c.Subject == "status").Target);
    }

    [Fact]
    public async Task A_bridge_is_created_staffed_posted_pinned_updated_and_archived_on_the_local_workspace()
    {
        var local = new LocalChannel(f.Database, f.Clock);
        using var dispatcher = f.Dispatcher([local]);
        const string bridge = "bridge:SUP-000042";
        var lane = Outgoing.ChannelLane(bridge);
        await f.EnqueueAsync(new CreateChannel(ChannelKind.Local, bridge, "SUP-000042 VPN outage", "Severity 1 bridge"));
        await f.EnqueueAsync(new InviteToChannel(bridge, [new UserRef(ChannelKind.Local, "ann", "Ann"), new UserRef(ChannelKind.Local, "bob", "Bob")]));
        await f.EnqueueAsync(new PostToChannel(bridge, Card("status: investigating"), "status:SUP-000042"));
        await f.EnqueueAsync(new PinMessage("status:SUP-000042", lane));
        await f.EnqueueAsync(new UpdateMessage("status:SUP-000042", lane, Card("status: resolved")));
        await f.EnqueueAsync(new ArchiveChannel(bridge));
        var late = await f.EnqueueAsync(new PostToChannel(bridge, Card("too late"), null));

        await dispatcher.DeliverDueAsync(None);

        var channel = local.Conversation("sup-000042-vpn-outage");
        Assert.NotNull(channel);
        Assert.Equal((true, "Severity 1 bridge", false), (channel.Archived, channel.Topic, channel.IsDirect));
        Assert.Equal(["ann", "bob"], channel.Members);
        var status = Assert.Single(local.Messages(channel.Id));
        Assert.Equal(("status: resolved", true), (status.Text, status.Pinned));
        Assert.Equal((OutboxEntry.Dead, "channel is archived"), ((await f.RowAsync(late)).Status, (await f.RowAsync(late)).LastError));
    }

    [Fact]
    public async Task Creating_a_channel_whose_key_already_has_a_channel_does_not_create_a_second_one()
    {
        var slack = new ScriptedChannel();
        using var dispatcher = f.Dispatcher([slack]);
        var first = await f.EnqueueAsync(new CreateChannel(ChannelKind.Slack, "bridge:SUP-1", "sup-1", "Severity 1"));
        var again = await f.EnqueueAsync(new CreateChannel(ChannelKind.Slack, "bridge:SUP-1", "sup-1", "Severity 1"));

        await dispatcher.DeliverDueAsync(None);

        Assert.Single(slack.Calls);
        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(first)).Status);
        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(again)).Status);
        Assert.Equal(new ConversationRef(ChannelKind.Slack, "C1", false), await f.Store.FindChannelAsync("bridge:SUP-1", None));
    }

    [Fact]
    public async Task An_operation_for_a_platform_without_an_adapter_goes_dead_as_not_configured()
    {
        using var dispatcher = f.Dispatcher([new ScriptedChannel(ChannelKind.Slack)]);
        var id = await f.EnqueueAsync(Post("hello", new ConversationRef(ChannelKind.Teams, "19:abc", IsDirect: false)));

        await dispatcher.DeliverDueAsync(None);

        Assert.Equal((OutboxEntry.Dead, "no teams adapter configured"), ((await f.RowAsync(id)).Status, (await f.RowAsync(id)).LastError));
    }

    [Fact]
    public async Task A_dead_letter_is_announced_in_triage_without_its_body_and_a_dead_announcement_is_not_announced_again()
    {
        var slack = new ScriptedChannel();
        slack.FailAlways("C-GONE", new ChannelException(ChannelFailure.Permanent, "channel_not_found"));
        var notifier = new TriageDeadLetterNotifier(f.Store, f.Signal, f.Clock, Triage);
        using var dispatcher = f.Dispatcher([slack], notifier: notifier);
        await f.EnqueueAsync(Post("the reporter's secret details", new ConversationRef(ChannelKind.Slack, "C-GONE", false)));

        await dispatcher.DeliverDueAsync(None);
        await dispatcher.DeliverDueAsync(None);

        var notice = Assert.Single(slack.Delivered);
        Assert.Equal("A message about SUP-000042 could not be delivered (post to slack:C-GONE): channel_not_found", notice);

        slack.FailAlways(Triage.Id, new ChannelException(ChannelFailure.Permanent, "channel_not_found"));
        await f.EnqueueAsync(Post("another", new ConversationRef(ChannelKind.Slack, "C-GONE", false)));
        for (var pass = 0; pass < 3; pass++)
        {
            await dispatcher.DeliverDueAsync(None);
        }

        Assert.Equal(new OutboxCounts(0, null, 3), f.Store.Counts());
        Assert.DoesNotContain(slack.Calls, c => c.Subject.Contains("secret", StringComparison.Ordinal) && c.Target == Triage.Id);
    }
}
