using System.Diagnostics.Metrics;
using SupportBot.Core.Channels;
using SupportBot.Outbox;
using SupportBot.Tests.Storage.Providers;
using static SupportBot.Tests.Outbox.OutboxFixture;

namespace SupportBot.Tests.Outbox;

/// <summary>The outbox store and its lane leases, on every provider.</summary>
public sealed class OutboxStoreTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly ConversationRef Other = new(ChannelKind.Slack, "C-OTHER", IsDirect: false);
    private OutboxFixture? fixture;

    private OutboxFixture f => fixture ?? throw new InvalidOperationException("Call Open first.");

    public void Dispose() => fixture?.Dispose();

    [Theory, SqliteData, PostgresData]
    public async Task Only_the_oldest_pending_row_of_each_lane_is_due_and_only_once_its_time_has_come(StorageProvider provider)
    {
        var leases = Open(provider);
        var a1 = await f.EnqueueAsync(Post("a1"));
        var a2 = await f.EnqueueAsync(Post("a2"));
        var b1 = await f.EnqueueAsync(Post("b1", Other));
        await f.EnqueueAsync(Post("b2", Other));
        await f.Store.RecordFailureAsync(b1, T0.AddSeconds(5), "503", null);

        Assert.Equal([Triage.Lane], await leases.TakeDueAsync(T0, 100, None));
        Assert.Equal(a1, (await f.Store.DueHeadAsync(Triage.Lane, T0, None))?.Id);
        await f.Store.MarkDeliveredAsync(a1, T0, new DeliveredRefs());
        Assert.Equal(a2, (await f.Store.DueHeadAsync(Triage.Lane, T0, None))?.Id);
        await f.Store.MarkDeadAsync(a2, "not_in_channel");
        await leases.ReleaseAsync(Triage.Lane);

        // b2 is due, but waits behind b1: the lane's next attempt is b1's.
        Assert.Equal(T0.AddSeconds(5), await leases.NextDueAsync(None));
        Assert.Empty(await leases.TakeDueAsync(T0.AddSeconds(5).AddMilliseconds(-1), 100, None));
        Assert.Null(await f.Store.DueHeadAsync(Other.Lane, T0.AddSeconds(5).AddMilliseconds(-1), None));
        Assert.Equal([Other.Lane], await leases.TakeDueAsync(T0.AddSeconds(5), 100, None));
        Assert.Equal(b1, (await f.Store.DueHeadAsync(Other.Lane, T0.AddSeconds(5), None))?.Id);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_retry_time_is_rounded_up_to_the_next_millisecond_so_it_never_comes_early(StorageProvider provider)
    {
        var leases = Open(provider);
        var id = await f.EnqueueAsync(Post("a1"));

        await f.Store.RecordFailureAsync(id, T0.AddTicks(1), "503", null);

        Assert.Empty(await leases.TakeDueAsync(T0, 100, None));
        Assert.Equal(T0.AddMilliseconds(1), (await f.RowAsync(id)).NextAttemptAt);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_lane_held_by_a_live_instance_is_not_taken_until_its_lease_runs_out(StorageProvider provider)
    {
        var mine = Open(provider);
        var another = f.OpenAnother();
        var theirs = new LaneLeases(another, new InstanceId("b"), TimeSpan.FromSeconds(10));
        await f.EnqueueAsync(Post("a1"));
        var b1 = await f.EnqueueAsync(Post("b1", Other));

        Assert.Equal([Triage.Lane, Other.Lane], await mine.TakeDueAsync(T0, 100, None));
        Assert.Empty(await theirs.TakeDueAsync(T0, 100, None));
        Assert.Equal(T0.AddSeconds(10), await theirs.NextDueAsync(None));
        await mine.ReleaseAsync(Other.Lane);
        Assert.Equal([Other.Lane], await theirs.TakeDueAsync(T0, 100, None));
        await f.Store.MarkDeliveredAsync(b1, T0, new DeliveredRefs());
        await theirs.ReleaseAsync(Other.Lane);

        // The heartbeat keeps the held lane; once it stops, the lane changes hands when the lease runs out.
        await mine.RenewAllAsync(T0.AddSeconds(9), None);
        Assert.Empty(await theirs.TakeDueAsync(T0.AddSeconds(10), 100, None));
        Assert.Equal(T0.AddSeconds(19), await theirs.NextDueAsync(None));
        Assert.Empty(await theirs.TakeDueAsync(T0.AddSeconds(19).AddMilliseconds(-1), 100, None));
        Assert.Equal([Triage.Lane], await theirs.TakeDueAsync(T0.AddSeconds(19), 100, None));
        Assert.False(await mine.RenewAsync(Triage.Lane, T0.AddSeconds(19), None));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_send_that_began_is_remembered_from_its_first_try_and_a_failure_seen_in_process_puts_back_what_was_there(StorageProvider provider)
    {
        Open(provider);
        var id = await f.EnqueueAsync(Post("a1"));

        await f.Store.MarkSendingAsync(id, T0.AddSeconds(1), None);
        await f.Store.RecordFailureAsync(id, T0.AddSeconds(5), "503", null);
        Assert.Null((await f.RowAsync(id)).SendingSince);
        await f.Store.MarkSendingAsync(id, T0.AddSeconds(6), None);
        await f.Store.MarkSendingAsync(id, T0.AddSeconds(9), None);
        Assert.Equal(T0.AddSeconds(6), (await f.RowAsync(id)).SendingSince);
        await f.Store.RecordFailureAsync(id, T0.AddSeconds(20), "lookup: 503", T0.AddSeconds(6));
        Assert.Equal(T0.AddSeconds(6), (await f.RowAsync(id)).SendingSince);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Only_a_pending_post_or_create_counts_as_a_key_still_coming(StorageProvider provider)
    {
        Open(provider);
        var post = await f.EnqueueAsync(Post("a1", key: "card:SUP-1"));
        await f.EnqueueAsync(new Core.Engine.UpdateMessage("card:SUP-2", Triage.Lane, Card("edit")));
        var create = await f.EnqueueAsync(new Core.Engine.CreateChannel(ChannelKind.Slack, "bridge:SUP-1", "sup-1", "topic"));

        Assert.True(await f.Store.KeyStillComingAsync("messageKey", "card:SUP-1", None));
        Assert.False(await f.Store.KeyStillComingAsync("messageKey", "card:SUP-2", None));
        Assert.True(await f.Store.KeyStillComingAsync("channelKey", "bridge:SUP-1", None));
        await f.Store.MarkDeliveredAsync(post, T0, new DeliveredRefs());
        await f.Store.MarkDeadAsync(create, "name_taken");
        Assert.False(await f.Store.KeyStillComingAsync("messageKey", "card:SUP-1", None));
        Assert.False(await f.Store.KeyStillComingAsync("channelKey", "bridge:SUP-1", None));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Delivering_saves_the_message_and_channel_keys_in_the_same_transaction(StorageProvider provider)
    {
        Open(provider);
        var id = await f.EnqueueAsync(Post("a1"));
        var refs = new DeliveredRefs();
        refs.Messages["card:SUP-1"] = new MessageRef(ChannelKind.Teams, "19:abc", "1700000000", "https://smba.example/");
        refs.Channels["bridge:SUP-1"] = new ConversationRef(ChannelKind.Slack, "C123", IsDirect: false);

        await f.Store.MarkDeliveredAsync(id, T0.AddSeconds(1), refs);

        var row = await f.RowAsync(id);
        Assert.Equal((OutboxEntry.Delivered, 1, T0.AddSeconds(1)), (row.Status, row.Attempts, row.DeliveredAt));
        Assert.Equal(refs.Messages["card:SUP-1"], await f.Store.FindMessageAsync("card:SUP-1", None));
        Assert.Equal(refs.Channels["bridge:SUP-1"], await f.Store.FindChannelAsync("bridge:SUP-1", None));
        Assert.Null(await f.Store.FindMessageAsync("card:unknown", None));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Metrics_count_outcomes_by_platform_and_gauge_the_depth_the_oldest_age_and_the_dead(StorageProvider provider)
    {
        Open(provider);
        var measured = new List<(string Name, double Value, string? Platform)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == f.Metrics.Meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument i, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var platform = tags.ToArray().FirstOrDefault(t => t.Key == "platform").Value as string;
            lock (measured)
            {
                measured.Add((i.Name, value, platform));
            }
        }
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
        listener.Start();

        var slack = new ScriptedChannel();
        slack.Fail("bad", new ChannelException(ChannelFailure.Permanent, "not_in_channel"));
        slack.Fail("slow", new ChannelException(ChannelFailure.Transient, "503"));
        using var dispatcher = f.Dispatcher([slack]);
        await f.EnqueueAsync(Post("ok"));
        await f.EnqueueAsync(Post("bad", Other));
        await f.EnqueueAsync(Post("slow", new ConversationRef(ChannelKind.Slack, "C-SLOW", false)));
        await f.EnqueueAsync(Post("teams", new ConversationRef(ChannelKind.Teams, "19:abc", false)));
        await dispatcher.DeliverDueAsync(None);
        f.Clock.Advance(TimeSpan.FromSeconds(90));
        listener.RecordObservableInstruments();

        double Sum(string name, string? platform = null) =>
            measured.Where(m => m.Name == name && (platform is null || m.Platform == platform)).Sum(m => m.Value);
        Assert.Equal(1, Sum("supportbot_outbox_delivered_total", "slack"));
        Assert.Equal(2, Sum("supportbot_outbox_failed_total", "slack"));
        Assert.Equal(1, Sum("supportbot_outbox_dead_total", "slack"));
        Assert.Equal(1, Sum("supportbot_outbox_dead_total", "teams"));
        Assert.Equal(1, Sum("supportbot_outbox_depth"));
        Assert.Equal(90, Sum("supportbot_outbox_oldest_age_seconds"));
        Assert.Equal(2, Sum("supportbot_outbox_dead"));
    }

    private LaneLeases Open(StorageProvider provider)
    {
        fixture = new OutboxFixture(provider);
        return new LaneLeases(f.Database, new InstanceId("a"), TimeSpan.FromSeconds(10));
    }
}
