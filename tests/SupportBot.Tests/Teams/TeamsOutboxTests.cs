using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Outbox;
using SupportBot.Tests.Outbox;

namespace SupportBot.Tests.Teams;

/// <summary>The real outbox dispatcher delivering through TeamsChannel to the fake, on one test clock.</summary>
public sealed class TeamsOutboxTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly OutboxFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task A_429_holds_the_delivery_for_retry_after_and_then_posts_it_once()
    {
        await using var rig = await TeamsRig.StartAsync(f.Clock);
        rig.Fake.FailNext(429, retryAfter: 3);
        using var dispatcher = f.Dispatcher([rig.Channel]);
        var id = await f.EnqueueAsync(Post(rig, "case-card"));

        await dispatcher.DeliverDueAsync(None);
        var waiting = await f.RowAsync(id);
        Assert.Equal((OutboxEntry.Pending, OutboxFixture.T0.AddSeconds(3), "Teams send: 429 Throttled: Injected failure"),
            (waiting.Status, waiting.NextAttemptAt, waiting.LastError));
        f.Clock.Advance(TimeSpan.FromSeconds(3) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await dispatcher.DeliverDueAsync(None));
        f.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await dispatcher.DeliverDueAsync(None);
        await dispatcher.DeliverDueAsync(None);

        var activity = Assert.Single(rig.Fake.Activities(TeamsRig.Triage));
        Assert.Equal(2, rig.Fake.Requests.Count(r => r.Operation == "send"));
        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(id)).Status);
        Assert.Equal(new MessageRef(ChannelKind.Teams, TeamsRig.Triage, activity.Id, rig.Fake.ServiceUrl), await f.Store.FindMessageAsync("case-card", None));
    }

    [Fact]
    public async Task A_403_goes_dead_at_once_with_teams_error()
    {
        await using var rig = await TeamsRig.StartAsync(f.Clock);
        rig.Fake.FailNext(403, code: "BotNotInConversationRoster", message: "The bot is not part of the conversation roster.");
        using var dispatcher = f.Dispatcher([rig.Channel]);
        var id = await f.EnqueueAsync(Post(rig, null));

        await dispatcher.DeliverDueAsync(None);

        var row = await f.RowAsync(id);
        Assert.Equal((OutboxEntry.Dead, 1, "Teams send: 403 BotNotInConversationRoster: The bot is not part of the conversation roster."),
            (row.Status, row.Attempts, row.LastError));
        Assert.Empty(rig.Fake.Activities(TeamsRig.Triage));
    }

    /// <summary>
    /// Teams gives the bot no way to find its own message again without Graph read permissions on every
    /// chat (docs/reliability.md, Crash safety): a card in flight at the crash follows its delivery class,
    /// at most once, so it is given up on as ambiguous rather than shown twice.
    /// </summary>
    [Fact]
    public async Task A_card_teams_took_just_before_a_crash_is_abandoned_as_ambiguous_since_teams_cannot_look_it_up()
    {
        await using var rig = await TeamsRig.StartAsync(f.Clock);
        var id = await f.EnqueueAsync(Post(rig, "case-card"));
        using (var before = f.Dispatcher([rig.Channel]))
        {
            await before.DeliverDueAsync(None);
        }
        f.LoseTheCommit(id);
        f.Clock.Advance(TimeSpan.FromSeconds(30));
        using var after = f.Dispatcher([rig.Channel]);

        await after.DeliverDueAsync(None);

        Assert.IsNotAssignableFrom<ITaggedPosts>(rig.Channel);
        Assert.Single(rig.Fake.Activities(TeamsRig.Triage));
        var row = await f.RowAsync(id);
        Assert.Equal(OutboxEntry.Abandoned, row.Status);
        Assert.StartsWith("ambiguous: Teams cannot look up outbox-", row.LastError, StringComparison.Ordinal);
    }

    private static PostMessage Post(TeamsRig rig, string? key) =>
        new(TeamsChannelTests.Triage(rig), OutboxFixture.Card("New case"), key) { CaseNumber = "SUP-000042" };
}
