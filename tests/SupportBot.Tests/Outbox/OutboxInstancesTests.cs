using System.Diagnostics;
using Dapper;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Outbox;
using SupportBot.Tests.Storage.Providers;
using static SupportBot.Tests.Outbox.OutboxFixture;

namespace SupportBot.Tests.Outbox;

/// <summary>
/// Several instances on one outbox, on every provider: each instance has its own database handle and
/// instance id, and they share one platform. Lanes are leased, so order per conversation holds across
/// instances; a dead instance's lanes are taken over when its lease runs out, and the row it was
/// sending is looked up, not sent again.
/// </summary>
public sealed class OutboxInstancesTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Lease = new OutboxOptions().LeaseTimeout;
    private OutboxFixture? fixture;

    private OutboxFixture f => fixture ?? throw new InvalidOperationException("Open a fixture first.");

    public void Dispose() => fixture?.Dispose();

    [Theory, SqliteData, PostgresData]
    public async Task Two_instances_drain_a_thousand_messages_over_twenty_lanes_each_delivered_once_and_in_order_per_lane(StorageProvider provider)
    {
        fixture = new OutboxFixture(provider);
        var lanes = Enumerable.Range(1, 20).Select(i => new ConversationRef(ChannelKind.Slack, $"C{i:00}", IsDirect: false)).ToList();
        var messages = Enumerable.Range(0, 1000).Select(n => (To: lanes[n % 20], Text: $"C{n % 20 + 1:00}#{n / 20:000}")).ToList();
        await f.Database.WriteAsync((connection, transaction) =>
            messages.Select(m => OutboxStore.Enqueue(connection, transaction, Post(m.Text, m.To), T0)).Count(), None);
        var platform = new ScriptedChannel();
        // Some posts fail once: their lane waits for the retry, and either instance may take it up then.
        for (var n = 7; n < messages.Count; n += 97)
        {
            platform.Fail(messages[n].Text, new ChannelException(ChannelFailure.Transient, "503"));
        }
        var options = new OutboxOptions { BatchSize = 5, Parallelism = 4 };
        using var a = f.Dispatcher([platform], options);
        using var b = f.Dispatcher([platform], options, database: f.OpenAnother());
        var observer = new LaneLeases(f.Database, new InstanceId("observer"), Lease);

        var (byA, byB) = (0, 0);
        for (var pass = 0; f.Store.Counts().Pending > 0; pass++)
        {
            Assert.True(pass < 2_000, "the instances stopped making progress");
            var attempts = await Task.WhenAll(a.DeliverDueAsync(None), b.DeliverDueAsync(None));
            (byA, byB) = (byA + attempts[0], byB + attempts[1]);
            if (attempts.Sum() == 0 && await observer.NextDueAsync(None) is { } next && next > f.Clock.GetUtcNow())
            {
                f.Clock.Advance(next - f.Clock.GetUtcNow());
            }
        }

        Assert.Equal(messages.Select(m => m.Text).Order(), platform.Delivered.Order());
        foreach (var lane in lanes)
        {
            Assert.Equal(messages.Where(m => m.To == lane).Select(m => m.Text),
                platform.Calls.Where(c => c.Target == lane.Id && c.Succeeded).Select(c => c.Subject));
        }
        Assert.True(byA > 0 && byB > 0, $"both instances work: {byA} and {byB} attempts");
        Assert.Equal(0, LeasesHeld());
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_lanes_of_an_instance_that_died_mid_call_are_taken_over_when_its_lease_runs_out_and_its_post_is_found_not_sent_again(StorageProvider provider)
    {
        fixture = new OutboxFixture(provider);
        var platform = new TaggedPlatform();
        var first = await f.EnqueueAsync(Post("first", key: "card:SUP-000042"));
        await f.EnqueueAsync(Post("second"));
        platform.HangAfterPosting("first");
        using var dying = f.Dispatcher([platform]);
        using var survivor = f.Dispatcher([platform], database: f.OpenAnother());
        using var death = new CancellationTokenSource();

        // The platform takes the post; its answer never reaches the instance, which renews nothing from now on.
        var inFlight = dying.DeliverDueAsync(death.Token);
        await platform.Hung.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await survivor.DeliverDueAsync(None));
        f.Clock.Advance(Lease - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await survivor.DeliverDueAsync(None));
        f.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, await survivor.DeliverDueAsync(None));

        Assert.Equal(["first", "second"], platform.Posts.Select(p => p.Text));
        Assert.Equal([$"outbox-{first}"], platform.Looks);
        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(first)).Status);
        Assert.Equal(new MessageRef(ChannelKind.Slack, Triage.Id, "1"), await f.Store.FindMessageAsync("card:SUP-000042", None));
        Assert.Equal(0, f.Store.Counts().Pending);

        // The dead instance's late end changes nothing: the lane is no longer its own.
        await death.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inFlight);
        Assert.Equal(2, platform.Posts.Count);
        Assert.Equal(0, LeasesHeld());
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_live_instance_keeps_its_lane_through_a_call_longer_than_the_lease_by_renewing_it(StorageProvider provider)
    {
        fixture = new OutboxFixture(provider);
        var platform = new TaggedPlatform();
        await f.EnqueueAsync(Post("slow"));
        await f.EnqueueAsync(Post("next"));
        platform.HangAfterPosting("slow");
        using var slow = f.Dispatcher([platform]);
        using var other = f.Dispatcher([platform], database: f.OpenAnother());
        using var stop = new CancellationTokenSource();
        var inFlight = slow.DeliverDueAsync(stop.Token);
        await platform.Hung.WaitAsync(TimeSpan.FromSeconds(30));

        for (var beat = 0; beat < 10; beat++)
        {
            f.Clock.Advance(new OutboxOptions().Heartbeat);
            await slow.RenewLeasesAsync(None);
            Assert.Equal(0, await other.DeliverDueAsync(None));
        }

        Assert.Equal(["slow"], platform.Posts.Select(p => p.Text));
        Assert.Empty(platform.Looks);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inFlight);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_running_instance_renews_its_lanes_on_its_heartbeat_and_releases_them_when_stopped(StorageProvider provider)
    {
        fixture = new OutboxFixture(provider);
        var platform = new TaggedPlatform();
        var id = await f.EnqueueAsync(Post("slow"));
        platform.HangAfterPosting("slow");
        using var dispatcher = f.Dispatcher([platform], new OutboxOptions { Heartbeat = TimeSpan.FromMilliseconds(20) });

        await dispatcher.StartAsync(None);
        await platform.Hung.WaitAsync(TimeSpan.FromSeconds(30));
        f.Clock.Advance(TimeSpan.FromMinutes(1));
        var renewedUntil = (T0 + TimeSpan.FromMinutes(1) + Lease).ToUnixTimeMilliseconds();
        // The heartbeat runs on real time (the test clock has no timers): look every 10 ms, for at most 30 s.
        var waited = Stopwatch.StartNew();
        while (HeldUntil(Triage.Lane) != renewedUntil)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the heartbeat never renewed the lane");
            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
        await dispatcher.StopAsync(None);

        Assert.Equal(0, LeasesHeld());
        var row = await f.RowAsync(id);
        Assert.Equal((OutboxEntry.Pending, T0), (row.Status, row.SendingSince));
    }

    [Theory, SqliteData, PostgresData]
    public async Task On_a_platform_that_cannot_look_a_post_up_an_in_flight_card_is_abandoned_and_an_in_flight_page_is_sent_again(StorageProvider provider)
    {
        fixture = new OutboxFixture(provider);
        var platform = new ScriptedChannel();
        var card = await f.EnqueueAsync(Post("card"));
        var page = await f.EnqueueAsync(new DirectMessage(new UserRef(ChannelKind.Slack, "U0L2", "l2-1"), Card("Page: SUP-000042"), "page")
        { Delivery = DeliveryClass.AtLeastOnce });
        // An instance began both sends and died before recording either outcome.
        await f.Store.MarkSendingAsync(card, T0, None);
        await f.Store.MarkSendingAsync(page, T0, None);
        f.Clock.Advance(Lease);
        using var dispatcher = f.Dispatcher([platform]);

        await dispatcher.DeliverDueAsync(None);

        Assert.Equal(["Page: SUP-000042"], platform.Delivered);
        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(page)).Status);
        var abandoned = await f.RowAsync(card);
        Assert.Equal(OutboxEntry.Abandoned, abandoned.Status);
        Assert.StartsWith("ambiguous: Slack cannot look up outbox-", abandoned.LastError, StringComparison.Ordinal);
    }

    private long LeasesHeld()
    {
        using var connection = f.Database.Open();
        return connection.ExecuteScalar<long>("SELECT count(*) FROM outbox_lanes;");
    }

    private long? HeldUntil(string lane)
    {
        using var connection = f.Database.Open();
        return connection.ExecuteScalar<long?>("SELECT held_until FROM outbox_lanes WHERE lane = @lane;", new { lane });
    }
}
