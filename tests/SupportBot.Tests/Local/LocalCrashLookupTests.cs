using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Local;
using SupportBot.Outbox;
using SupportBot.Tests.Outbox;

namespace SupportBot.Tests.Local;

/// <summary>
/// The real dispatcher delivering to the local workspace, "crashing" between the post and the outbox's
/// commit (the row put back to pending, its key forgotten) and restarting with a later start time.
/// </summary>
public sealed class LocalCrashLookupTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly ConversationRef Triage = new(ChannelKind.Local, "triage", IsDirect: false);
    private static readonly UserRef Ann = new(ChannelKind.Local, "ann", "Ann");
    private readonly OutboxFixture f = new();
    private readonly LocalChannel local;

    public LocalCrashLookupTests()
    {
        local = new LocalChannel(f.Database, f.Clock);
        local.EnsureConversationAsync(Triage.Id, "Triage", isDirect: false, None).GetAwaiter().GetResult();
    }

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task A_post_made_just_before_a_crash_is_found_after_the_restart_and_not_shown_twice()
    {
        var id = await f.EnqueueAsync(new PostMessage(Triage, OutboxFixture.Card("New case"), "case-card"));
        await DeliverThenLoseTheCommitAsync(id);
        using var after = f.Dispatcher([local]);

        await after.DeliverDueAsync(None);

        var message = Assert.Single(local.Messages(Triage.Id));
        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(id)).Status);
        Assert.Equal(Ref(Triage.Id, message.Id), await f.Store.FindMessageAsync("case-card", None));
    }

    [Fact]
    public async Task A_direct_message_made_just_before_a_crash_is_found_after_the_restart_and_not_sent_twice()
    {
        var id = await f.EnqueueAsync(new DirectMessage(Ann, OutboxFixture.Card("We got it"), "ack"));
        await DeliverThenLoseTheCommitAsync(id);
        using var after = f.Dispatcher([local]);

        await after.DeliverDueAsync(None);

        var message = Assert.Single(local.Messages("dm:ann"));
        Assert.Equal(Ref("dm:ann", message.Id), await f.Store.FindMessageAsync("ack", None));
    }

    [Fact]
    public async Task A_row_from_before_the_restart_that_was_never_posted_is_posted_once_after_it()
    {
        var id = await f.EnqueueAsync(new PostMessage(Triage, OutboxFixture.Card("New case"), "case-card"));
        f.Clock.Advance(TimeSpan.FromSeconds(30));
        using var after = f.Dispatcher([local]);

        await after.DeliverDueAsync(None);

        Assert.Equal("New case", Assert.Single(local.Messages(Triage.Id)).Text);
        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(id)).Status);
    }

    [Fact]
    public async Task A_tagged_post_in_another_conversation_is_not_taken_for_the_rows_own()
    {
        await local.EnsureConversationAsync("elsewhere", "Elsewhere", isDirect: false, None);
        var elsewhere = new ConversationRef(ChannelKind.Local, "elsewhere", IsDirect: false);
        await local.PostAsync(elsewhere, OutboxFixture.Card("New case"), "outbox-1", None);

        Assert.Null(await local.FindAsync(Triage, OutboxFixture.Card("New case"), "outbox-1", OutboxFixture.T0, None));
        Assert.NotNull(await local.FindAsync(elsewhere, OutboxFixture.Card("New case"), "outbox-1", OutboxFixture.T0, None));
    }

    [Fact]
    public async Task After_a_restart_the_row_behind_a_found_head_is_posted_after_it()
    {
        var head = await f.EnqueueAsync(new PostMessage(Triage, OutboxFixture.Card("first"), null));
        await DeliverThenLoseTheCommitAsync(head);
        await f.EnqueueAsync(new PostMessage(Triage, OutboxFixture.Card("second"), null));
        using var after = f.Dispatcher([local]);

        await after.DeliverDueAsync(None);

        Assert.Equal(["first", "second"], local.Messages(Triage.Id).Select(m => m.Text));
    }

    private async Task DeliverThenLoseTheCommitAsync(long id)
    {
        using (var before = f.Dispatcher([local]))
        {
            await before.DeliverDueAsync(None);
        }
        f.LoseTheCommit(id);
        f.Clock.Advance(TimeSpan.FromSeconds(30));
    }

    private static MessageRef Ref(string conversation, long id) =>
        new(ChannelKind.Local, conversation, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
