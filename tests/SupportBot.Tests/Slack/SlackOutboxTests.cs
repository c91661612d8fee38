using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Outbox;
using SupportBot.Tests.Outbox;

namespace SupportBot.Tests.Slack;

/// <summary>The real outbox dispatcher delivering through SlackChannel to the fake, on one test clock.</summary>
public sealed class SlackOutboxTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly OutboxFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task A_429_holds_the_delivery_for_retry_after_and_then_posts_it_once()
    {
        await using var rig = await SlackRig.StartAsync(f.Clock);
        var triage = rig.Fake.AddChannel("triage");
        rig.Fake.FailNext("chat.postMessage", status: 429, retryAfter: 2);
        using var dispatcher = f.Dispatcher([rig.Channel]);
        var id = await f.EnqueueAsync(Post(triage, "case-card"));

        await dispatcher.DeliverDueAsync(None);
        var waiting = await f.RowAsync(id);
        Assert.Equal((OutboxEntry.Pending, OutboxFixture.T0.AddSeconds(2), "chat.postMessage: ratelimited"),
            (waiting.Status, waiting.NextAttemptAt, waiting.LastError));
        f.Clock.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await dispatcher.DeliverDueAsync(None));
        f.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await dispatcher.DeliverDueAsync(None);
        await dispatcher.DeliverDueAsync(None);

        var message = Assert.Single(rig.Fake.Messages(triage));
        Assert.Equal(2, rig.Fake.Calls("chat.postMessage").Count);
        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(id)).Status);
        Assert.Equal(new MessageRef(ChannelKind.Slack, triage, message.Ts), await f.Store.FindMessageAsync("case-card", None));
    }

    [Fact]
    public async Task A_5xx_is_retried_after_a_backoff_and_then_delivered()
    {
        await using var rig = await SlackRig.StartAsync(f.Clock);
        var triage = rig.Fake.AddChannel("triage");
        rig.Fake.FailNext("chat.postMessage", status: 503);
        using var dispatcher = f.Dispatcher([rig.Channel]);
        var id = await f.EnqueueAsync(Post(triage, null));

        await dispatcher.DeliverDueAsync(None);
        var waiting = await f.RowAsync(id);
        Assert.Equal((OutboxEntry.Pending, "chat.postMessage: http_503"), (waiting.Status, waiting.LastError));
        f.Clock.Advance(waiting.NextAttemptAt - f.Clock.GetUtcNow());
        await dispatcher.DeliverDueAsync(None);

        Assert.Single(rig.Fake.Messages(triage));
        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(id)).Status);
    }

    [Fact]
    public async Task A_missing_channel_goes_dead_at_once_with_slacks_error()
    {
        await using var rig = await SlackRig.StartAsync(f.Clock);
        using var dispatcher = f.Dispatcher([rig.Channel]);
        var id = await f.EnqueueAsync(Post("C-GONE", null));

        await dispatcher.DeliverDueAsync(None);

        var row = await f.RowAsync(id);
        Assert.Equal((OutboxEntry.Dead, 1, "chat.postMessage: channel_not_found"), (row.Status, row.Attempts, row.LastError));
    }

    [Fact]
    public async Task A_post_slack_took_just_before_a_crash_is_found_after_the_restart_and_not_posted_again()
    {
        await using var rig = await SlackRig.StartAsync(f.Clock);
        var triage = rig.Fake.AddChannel("triage");
        var id = await f.EnqueueAsync(Post(triage, "case-card"));
        using (var before = f.Dispatcher([rig.Channel]))
        {
            await before.DeliverDueAsync(None);
        }
        // The process died after Slack's answer and before its commit: the row is pending, its key unknown.
        f.LoseTheCommit(id);
        f.Clock.Advance(TimeSpan.FromSeconds(30));
        using var after = f.Dispatcher([rig.Channel]);

        await after.DeliverDueAsync(None);

        var message = Assert.Single(rig.Fake.Messages(triage));
        Assert.Single(rig.Fake.Calls("chat.postMessage"));
        Assert.Single(rig.Fake.Calls("conversations.history"));
        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(id)).Status);
        Assert.Equal(new MessageRef(ChannelKind.Slack, triage, message.Ts), await f.Store.FindMessageAsync("case-card", None));
    }

    [Fact]
    public async Task A_row_whose_send_began_before_the_crash_but_never_reached_slack_is_looked_up_then_posted_once_tagged_with_its_row()
    {
        await using var rig = await SlackRig.StartAsync(f.Clock);
        var triage = rig.Fake.AddChannel("triage");
        var id = await f.EnqueueAsync(Post(triage, null));
        await f.Store.MarkSendingAsync(id, f.Clock.GetUtcNow(), None);
        f.Clock.Advance(TimeSpan.FromSeconds(30));
        using var after = f.Dispatcher([rig.Channel]);

        await after.DeliverDueAsync(None);

        var post = Assert.Single(rig.Fake.Calls("chat.postMessage"));
        Assert.Equal($"outbox-{id}", post.Args["metadata"]?["event_payload"]?["id"]?.GetValue<string>());
        Assert.Single(rig.Fake.Calls("conversations.history"));
        Assert.Single(rig.Fake.Messages(triage));
    }

    [Fact]
    public async Task Without_the_history_scope_a_row_from_before_the_restart_is_still_delivered()
    {
        await using var rig = await SlackRig.StartAsync(f.Clock);
        var triage = rig.Fake.AddChannel("triage");
        var id = await f.EnqueueAsync(Post(triage, null));
        await f.Store.MarkSendingAsync(id, f.Clock.GetUtcNow(), None);
        rig.Fake.FailNext("conversations.history", error: "missing_scope");
        f.Clock.Advance(TimeSpan.FromSeconds(30));
        using var after = f.Dispatcher([rig.Channel]);

        await after.DeliverDueAsync(None);

        Assert.Single(rig.Fake.Messages(triage));
        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(id)).Status);
    }

    [Fact]
    public async Task After_a_crash_only_the_row_whose_send_had_begun_is_looked_up_and_the_rows_behind_it_are_posted_without_one()
    {
        await using var rig = await SlackRig.StartAsync(f.Clock);
        var triage = rig.Fake.AddChannel("triage");
        var head = await f.EnqueueAsync(Post(triage, null));
        for (var i = 0; i < 2; i++)
        {
            await f.EnqueueAsync(Post(triage, null));
        }
        await f.Store.MarkSendingAsync(head, f.Clock.GetUtcNow(), None);
        f.Clock.Advance(TimeSpan.FromSeconds(30));
        using var after = f.Dispatcher([rig.Channel]);

        await after.DeliverDueAsync(None);

        Assert.Equal(3, rig.Fake.Messages(triage).Count);
        Assert.Single(rig.Fake.Calls("conversations.history"));
    }

    [Fact]
    public async Task A_row_written_before_the_restart_whose_send_never_began_is_posted_without_a_look_up()
    {
        await using var rig = await SlackRig.StartAsync(f.Clock);
        var triage = rig.Fake.AddChannel("triage");
        var id = await f.EnqueueAsync(Post(triage, null));
        f.Clock.Advance(TimeSpan.FromSeconds(30));
        using var after = f.Dispatcher([rig.Channel]);

        await after.DeliverDueAsync(None);

        Assert.Single(rig.Fake.Messages(triage));
        Assert.Empty(rig.Fake.Calls("conversations.history"));
        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(id)).Status);
    }

    private static PostMessage Post(string channel, string? key) =>
        new(new ConversationRef(ChannelKind.Slack, channel, IsDirect: false), OutboxFixture.Card("New case"), key) { CaseNumber = "SUP-000042" };
}
