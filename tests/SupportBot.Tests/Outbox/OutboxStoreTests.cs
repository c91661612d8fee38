using System.Diagnostics.Metrics;
using SupportBot.Core.Channels;
using SupportBot.Outbox;
using static SupportBot.Tests.Outbox.OutboxFixture;

namespace SupportBot.Tests.Outbox;

public sealed class OutboxStoreTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly ConversationRef Other = new(ChannelKind.Slack, "C-OTHER", IsDirect: false);
    private readonly OutboxFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task Only_the_oldest_pending_row_of_each_lane_is_claimed_and_only_once_it_is_due()
    {
        var a1 = await f.EnqueueAsync(Post("a1"));
        var a2 = await f.EnqueueAsync(Post("a2"));
        var b1 = await f.EnqueueAsync(Post("b1", Other));
        await f.EnqueueAsync(Post("b2", Other));
        await f.Store.RecordFailureAsync(b1, T0.AddSeconds(5), "503", None);

        Assert.Equal([a1], (await f.Store.ClaimDueAsync(T0, 100, None)).Select(e => e.Id));
        Assert.Equal(a1, (await f.Store.ClaimLaneHeadAsync(Triage.Lane, T0, None))?.Id);
        await f.Store.MarkDeliveredAsync(a1, T0, new DeliveredRefs(), None);
        Assert.Equal([a2], (await f.Store.ClaimDueAsync(T0, 100, None)).Select(e => e.Id));
        await f.Store.MarkDeadAsync(a2, "not_in_channel", None);

        // b2 is due, but waits behind b1: the lane's next attempt is b1's.
        Assert.Equal(T0.AddSeconds(5), await f.Store.NextAttemptAtAsync(None));
        Assert.Empty(await f.Store.ClaimDueAsync(T0.AddSeconds(5).AddMilliseconds(-1), 100, None));
        Assert.Equal([b1], (await f.Store.ClaimDueAsync(T0.AddSeconds(5), 100, None)).Select(e => e.Id));
    }

    [Fact]
    public async Task A_retry_time_is_rounded_up_to_the_next_millisecond_so_it_never_comes_early()
    {
        var id = await f.EnqueueAsync(Post("a1"));

        await f.Store.RecordFailureAsync(id, T0.AddTicks(1), "503", None);

        Assert.Empty(await f.Store.ClaimDueAsync(T0, 100, None));
        Assert.Equal(T0.AddMilliseconds(1), (await f.RowAsync(id)).NextAttemptAt);
    }

    [Fact]
    public async Task Delivering_saves_the_message_and_channel_keys_in_the_same_transaction()
    {
        var id = await f.EnqueueAsync(Post("a1"));
        var refs = new DeliveredRefs();
        refs.Messages["card:SUP-1"] = new MessageRef(ChannelKind.Teams, "19:abc", "1700000000", "https://smba.example/");
        refs.Channels["bridge:SUP-1"] = new ConversationRef(ChannelKind.Slack, "C123", IsDirect: false);

        await f.Store.MarkDeliveredAsync(id, T0.AddSeconds(1), refs, None);

        var row = await f.RowAsync(id);
        Assert.Equal((OutboxEntry.Delivered, 1, T0.AddSeconds(1)), (row.Status, row.Attempts, row.DeliveredAt));
        Assert.Equal(refs.Messages["card:SUP-1"], await f.Store.FindMessageAsync("card:SUP-1", None));
        Assert.Equal(refs.Channels["bridge:SUP-1"], await f.Store.FindChannelAsync("bridge:SUP-1", None));
        Assert.Null(await f.Store.FindMessageAsync("card:unknown", None));
    }

    [Fact]
    public async Task Metrics_count_outcomes_by_platform_and_gauge_the_depth_the_oldest_age_and_the_dead()
    {
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
}
