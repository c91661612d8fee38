using SupportBot.Core.Channels;
using SupportBot.Outbox;
using SupportBot.Tests.Storage.Providers;
using static SupportBot.Tests.Outbox.OutboxFixture;

namespace SupportBot.Tests.Outbox;

public sealed class OutboxDispatcherTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly ConversationRef Reporter = new(ChannelKind.Slack, "D-REPORTER", IsDirect: true);
    private OutboxFixture? fixture;

    private OutboxFixture f => fixture ?? throw new InvalidOperationException("Open a fixture first.");

    public void Dispose() => fixture?.Dispose();

    [Theory, SqliteData, PostgresData]
    public async Task A_message_answered_429_three_times_then_200_is_delivered_exactly_once_and_in_order_with_the_messages_after_it(StorageProvider provider)
    {
        fixture = new OutboxFixture(provider);
        var slack = new ScriptedChannel();
        static ChannelException TooMany() => new(ChannelFailure.RateLimited, "ratelimited", TimeSpan.FromSeconds(2));
        slack.Fail("first", TooMany(), TooMany(), TooMany());
        using var dispatcher = f.Dispatcher([slack]);
        var first = await f.EnqueueAsync(Post("first"));
        var rest = new[] { await f.EnqueueAsync(Post("second")), await f.EnqueueAsync(Post("third")) };

        for (var answered = 1; answered <= 3; answered++)
        {
            await dispatcher.DeliverDueAsync(None);
            Assert.Equal(answered, slack.Attempts("first"));
            f.Clock.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(1));
            Assert.Equal(0, await dispatcher.DeliverDueAsync(None));
            Assert.Equal(answered, slack.Attempts("first"));
            Assert.Empty(slack.Delivered);
            f.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        await dispatcher.DeliverDueAsync(None);
        await dispatcher.DeliverDueAsync(None);

        Assert.Equal(["first", "second", "third"], slack.Delivered);
        Assert.Equal((4, 1, 1), (slack.Attempts("first"), slack.Attempts("second"), slack.Attempts("third")));
        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(first)).Status);
        Assert.Equal(4, (await f.RowAsync(first)).Attempts);
        foreach (var id in rest)
        {
            Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(id)).Status);
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_transient_failure_backs_off_with_growing_delays_and_then_delivers(StorageProvider provider)
    {
        fixture = new OutboxFixture(provider);
        var slack = new ScriptedChannel();
        slack.Fail("hello", [.. Enumerable.Range(0, 4).Select(_ => new ChannelException(ChannelFailure.Transient, "503 from Slack"))]);
        using var dispatcher = f.Dispatcher([slack], random: new FixedRandom(1.0));
        var id = await f.EnqueueAsync(Post("hello"));

        var delays = new List<TimeSpan>();
        while (slack.Delivered.Count == 0)
        {
            await dispatcher.DeliverDueAsync(None);
            var row = await f.RowAsync(id);
            if (row.Status == OutboxEntry.Pending)
            {
                Assert.Equal("503 from Slack", row.LastError);
                delays.Add(row.NextAttemptAt - f.Clock.GetUtcNow());
                f.Clock.Advance(delays[^1]);
            }
        }

        Assert.Equal([1, 2, 4, 8], delays.Select(d => d.TotalSeconds));
        Assert.Equal(["hello"], slack.Delivered);
        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(id)).Status);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_permanent_failure_goes_dead_at_once_with_the_reason_and_does_not_block_the_lane(StorageProvider provider)
    {
        fixture = new OutboxFixture(provider);
        var slack = new ScriptedChannel();
        slack.Fail("doomed", new ChannelException(ChannelFailure.Permanent, "not_in_channel"));
        var notifier = new RecordingNotifier();
        using var dispatcher = f.Dispatcher([slack], notifier: notifier);
        var doomed = await f.EnqueueAsync(Post("doomed"));
        await f.EnqueueAsync(Post("after"));

        await dispatcher.DeliverDueAsync(None);

        var row = await f.RowAsync(doomed);
        Assert.Equal((OutboxEntry.Dead, 1, "not_in_channel"), (row.Status, row.Attempts, row.LastError));
        Assert.Equal(["after"], slack.Delivered);
        var letter = Assert.Single(notifier.Letters);
        Assert.Equal(new DeadLetter(doomed, Triage.Lane, "post", "SUP-000042", "not_in_channel"), letter);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_last_attempt_goes_dead_with_the_number_of_attempts_and_the_last_error(StorageProvider provider)
    {
        fixture = new OutboxFixture(provider);
        var slack = new ScriptedChannel();
        slack.FailAlways("hello", new ChannelException(ChannelFailure.Transient, "timeout"));
        var notifier = new RecordingNotifier();
        using var dispatcher = f.Dispatcher([slack], new OutboxOptions { MaxAttempts = 3 }, notifier);
        var id = await f.EnqueueAsync(Post("hello"));

        for (var pass = 0; pass < 5; pass++)
        {
            await dispatcher.DeliverDueAsync(None);
            f.Clock.Advance(TimeSpan.FromMinutes(5));
        }

        var row = await f.RowAsync(id);
        Assert.Equal((OutboxEntry.Dead, 3, "gave up after 3 attempts: timeout"), (row.Status, row.Attempts, row.LastError));
        Assert.Equal(3, slack.Attempts("hello"));
        Assert.Equal("gave up after 3 attempts: timeout", Assert.Single(notifier.Letters).Reason);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_blocked_lane_does_not_delay_another_lane(StorageProvider provider)
    {
        fixture = new OutboxFixture(provider);
        var slack = new ScriptedChannel();
        slack.FailAlways("stuck", new ChannelException(ChannelFailure.Transient, "502"));
        using var dispatcher = f.Dispatcher([slack]);
        await f.EnqueueAsync(Post("stuck"));
        await f.EnqueueAsync(Post("behind stuck"));
        await f.EnqueueAsync(Post("b1", Reporter));
        await f.EnqueueAsync(Post("b2", Reporter));

        await dispatcher.DeliverDueAsync(None);
        f.Clock.Advance(TimeSpan.FromMinutes(1));
        await dispatcher.DeliverDueAsync(None);

        Assert.Equal(["b1", "b2"], slack.Delivered);
        Assert.Equal(2, slack.Attempts("stuck"));
        Assert.Equal(0, slack.Attempts("behind stuck"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Lanes_are_delivered_in_parallel_but_each_lane_in_order(StorageProvider provider)
    {
        fixture = new OutboxFixture(provider);
        var slack = new ScriptedChannel();
        using var dispatcher = f.Dispatcher([slack], new OutboxOptions { Parallelism = 4 });
        var lanes = Enumerable.Range(1, 6).Select(n => new ConversationRef(ChannelKind.Slack, $"C{n}", IsDirect: false)).ToList();
        for (var i = 1; i <= 5; i++)
        {
            foreach (var lane in lanes)
            {
                await f.EnqueueAsync(Post($"{lane.Id}#{i}", lane));
            }
        }

        Assert.Equal(30, await dispatcher.DeliverDueAsync(None));

        foreach (var lane in lanes)
        {
            var order = slack.Calls.Where(c => c.Target == lane.Id).Select(c => c.Subject);
            Assert.Equal(Enumerable.Range(1, 5).Select(i => $"{lane.Id}#{i}"), order);
        }
        Assert.Equal(new OutboxCounts(0, null, 0), f.Store.Counts());
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_restarted_dispatcher_on_the_same_database_delivers_what_was_pending(StorageProvider provider)
    {
        fixture = new OutboxFixture(provider);
        var before = new ScriptedChannel();
        before.FailAlways("blocked", new ChannelException(ChannelFailure.Transient, "Slack is down"));
        using (var first = f.Dispatcher([before]))
        {
            await f.EnqueueAsync(Post("card", Reporter, key: "card:SUP-000042"));
            await f.EnqueueAsync(Post("blocked"));
            await f.EnqueueAsync(Post("after"));
            await first.DeliverDueAsync(None);
        }
        await f.EnqueueAsync(new Core.Engine.UpdateMessage("card:SUP-000042", Reporter.Lane, Card("card, claimed")));

        var after = new ScriptedChannel();
        var reopened = f.OpenAnother();
        using var second = f.Dispatcher([after], database: reopened);
        f.Clock.Advance(TimeSpan.FromMinutes(1));
        await second.DeliverDueAsync(None);

        Assert.Equal(["card"], before.Delivered);
        Assert.Equal(["blocked", "after"], after.Calls.Where(c => c.Method == "post").Select(c => c.Subject));
        var update = Assert.Single(after.Calls, c => c.Method == "update");
        Assert.Equal(("m1", "card, claimed"), (update.Target, update.Subject));
        Assert.Equal(0, new OutboxStore(reopened).Counts().Pending);
    }

    [Fact]
    public async Task A_commit_that_fails_after_the_platform_took_a_post_is_no_failed_delivery_and_the_post_is_then_found_not_sent_twice()
    {
        fixture = new OutboxFixture();
        var platform = new TaggedPlatform();
        using var dispatcher = f.Dispatcher([platform]);
        var id = await f.EnqueueAsync(Post("hello"));
        // The platform answers, then the database refuses the delivered mark (as a full disk would).
        Execute("CREATE TRIGGER refuse_delivered BEFORE UPDATE OF status ON outbox WHEN NEW.status = 'delivered' BEGIN SELECT RAISE(ABORT, 'disk full'); END;");

        await Assert.ThrowsAnyAsync<Exception>(() => dispatcher.DeliverDueAsync(None));

        var row = await f.RowAsync(id);
        Assert.Equal((OutboxEntry.Pending, 0, null, T0), (row.Status, row.Attempts, row.LastError, row.SendingSince));
        Execute("DROP TRIGGER refuse_delivered;");
        await dispatcher.DeliverDueAsync(None);

        Assert.Single(platform.Posts);
        Assert.Single(platform.Looks);
        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(id)).Status);
    }

    private void Execute(string sql)
    {
        using var connection = f.Database.Open();
        Dapper.SqlMapper.Execute(connection, sql);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_loop_delivers_as_soon_as_a_commit_wakes_it(StorageProvider provider)
    {
        fixture = new OutboxFixture(provider);
        var slack = new ScriptedChannel();
        using var dispatcher = f.Dispatcher([slack]);
        await dispatcher.StartAsync(None);

        var id = await f.EnqueueAsync(Post("hello"));
        f.Signal.Wake();
        await slack.FirstDelivery.WaitAsync(TimeSpan.FromSeconds(30));
        await dispatcher.StopAsync(None);

        Assert.Equal(["hello"], slack.Delivered);
        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(id)).Status);
    }
}
