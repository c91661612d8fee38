using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Outbox;
using SupportBot.Tests.Outbox;

namespace SupportBot.Tests.Slack;

/// <summary>
/// After a crash, the look-up of a row whose send had begun (so it may have been posted) fails in a way Slack may get
/// over (5xx, 429): a page is sent at once, anything else waits for a retry; neither is dropped.
/// </summary>
public sealed class SlackLookupFailureTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly OutboxFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task A_page_whose_send_began_before_the_crash_is_sent_at_once_when_slack_cannot_be_searched_for_it()
    {
        await using var rig = await SlackRig.StartAsync(f.Clock);
        rig.Fake.AddUser("U0L2", "l2-1");
        var id = await f.EnqueueAsync(Page("U0L2"));
        await f.Store.MarkSendingAsync(id, f.Clock.GetUtcNow(), None);
        rig.Fake.FailNext("conversations.history", status: 503);
        f.Clock.Advance(TimeSpan.FromSeconds(30));
        using var after = f.Dispatcher([rig.Channel]);

        await after.DeliverDueAsync(None);

        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(id)).Status);
        Assert.Single(rig.Fake.Calls("chat.postMessage"));
    }

    [Fact]
    public async Task Any_other_row_whose_send_began_before_the_crash_waits_for_a_retry_when_slack_cannot_be_searched_and_is_then_posted_once()
    {
        await using var rig = await SlackRig.StartAsync(f.Clock);
        var triage = rig.Fake.AddChannel("triage");
        var id = await f.EnqueueAsync(new PostMessage(new ConversationRef(ChannelKind.Slack, triage, IsDirect: false), OutboxFixture.Card("New case"), null));
        await f.Store.MarkSendingAsync(id, f.Clock.GetUtcNow(), None);
        rig.Fake.FailNext("conversations.history", status: 429, retryAfter: 5);
        f.Clock.Advance(TimeSpan.FromSeconds(30));
        using var after = f.Dispatcher([rig.Channel]);

        await after.DeliverDueAsync(None);
        var waiting = await f.RowAsync(id);
        Assert.Equal((OutboxEntry.Pending, 0), (waiting.Status, rig.Fake.Calls("chat.postMessage").Count));
        f.Clock.Advance(waiting.NextAttemptAt - f.Clock.GetUtcNow());
        await after.DeliverDueAsync(None);

        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(id)).Status);
        Assert.Single(rig.Fake.Messages(triage));
        Assert.Equal(2, rig.Fake.Calls("conversations.history").Count);
    }

    private static DirectMessage Page(string user) =>
        new(new UserRef(ChannelKind.Slack, user, "l2-1"), OutboxFixture.Card("Page: SUP-000042"), "case:c42:page:1:1:l2-1:slack")
        { CaseNumber = "SUP-000042", Delivery = DeliveryClass.AtLeastOnce };
}
