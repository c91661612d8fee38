using Dapper;
using SupportBot.Core.Channels;
using SupportBot.Outbox;
using SupportBot.Tests.Storage.Providers;
using static SupportBot.Tests.Outbox.OutboxFixture;

namespace SupportBot.Tests.Outbox;

/// <summary>
/// The host stops just as the platform answers. The outcome is written all the same, and the lane is
/// released: a write still waiting for its commit when its token is cancelled would be dropped, leaving
/// a delivered row pending (sent again, or abandoned as "may have been sent") or a refused one marked as
/// begun.
/// </summary>
public sealed class OutboxStoppingTests : IDisposable
{
    private OutboxFixture? fixture;

    private OutboxFixture f => fixture ?? throw new InvalidOperationException("Open a fixture first.");

    public void Dispose() => fixture?.Dispose();

    [Theory, SqliteData, PostgresData]
    public async Task A_post_the_platform_took_as_the_host_stopped_is_marked_delivered_and_its_lane_released(StorageProvider provider)
    {
        fixture = new OutboxFixture(provider);
        using var stop = new CancellationTokenSource();
        var slack = new ScriptedChannel();
        using var dispatcher = f.Dispatcher([new StopsAtTheAnswer(slack, stop)]);
        var id = await f.EnqueueAsync(Post("hello"));

        await PassUntilStoppedAsync(dispatcher, stop.Token);

        Assert.True(stop.IsCancellationRequested);
        Assert.Equal(["hello"], slack.Delivered);
        var row = await f.RowAsync(id);
        Assert.Equal((OutboxEntry.Delivered, 1), (row.Status, row.Attempts));
        Assert.Equal(0, HeldLanes());
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_post_the_platform_refused_as_the_host_stopped_is_recorded_as_a_failure_to_retry(StorageProvider provider)
    {
        fixture = new OutboxFixture(provider);
        using var stop = new CancellationTokenSource();
        var slack = new ScriptedChannel();
        slack.Fail("hello", new ChannelException(ChannelFailure.Transient, "503 from Slack"));
        using var dispatcher = f.Dispatcher([new StopsAtTheAnswer(slack, stop)]);
        var id = await f.EnqueueAsync(Post("hello"));

        await PassUntilStoppedAsync(dispatcher, stop.Token);

        Assert.True(stop.IsCancellationRequested);
        var row = await f.RowAsync(id);
        Assert.Equal((OutboxEntry.Pending, 1, "503 from Slack"), (row.Status, row.Attempts, row.LastError));
        // The platform said it did not post: the retry posts without a look first, as after any failure it saw.
        Assert.Null(row.SendingSince);
        Assert.True(row.NextAttemptAt > T0);
        Assert.Equal(0, HeldLanes());
    }

    /// <summary>One pass; stopping may end it with a cancellation once its outcome is written.</summary>
    private static async Task PassUntilStoppedAsync(OutboxDispatcher dispatcher, CancellationToken stopping)
    {
        try
        {
            await dispatcher.DeliverDueAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private long HeldLanes()
    {
        using var connection = f.Database.Open();
        return connection.ExecuteScalar<long>("SELECT count(*) FROM outbox_lanes");
    }

    /// <summary>A post is answered (or refused), and the host is told to stop before the answer reaches the dispatcher.</summary>
    private sealed class StopsAtTheAnswer(IChatChannel platform, CancellationTokenSource stop) : IChatChannel
    {
        public ChannelKind Kind => platform.Kind;

        public Task<MessageRef> PostAsync(ConversationRef conversation, OutboundMessage message, CancellationToken ct) =>
            AnswerAsync(() => platform.PostAsync(conversation, message, ct));

        public Task UpdateAsync(MessageRef message, OutboundMessage replacement, CancellationToken ct) => platform.UpdateAsync(message, replacement, ct);

        public Task<MessageRef> SendDirectAsync(UserRef user, OutboundMessage message, CancellationToken ct) => platform.SendDirectAsync(user, message, ct);

        public Task<ConversationRef> CreateChannelAsync(string name, string topic, CancellationToken ct) => platform.CreateChannelAsync(name, topic, ct);

        public Task InviteAsync(ConversationRef channel, IReadOnlyList<UserRef> users, CancellationToken ct) => platform.InviteAsync(channel, users, ct);

        public Task PinAsync(MessageRef message, CancellationToken ct) => platform.PinAsync(message, ct);

        public Task ArchiveAsync(ConversationRef channel, CancellationToken ct) => platform.ArchiveAsync(channel, ct);

        private async Task<T> AnswerAsync<T>(Func<Task<T>> call)
        {
            try
            {
                return await call();
            }
            finally
            {
                await stop.CancelAsync();
            }
        }
    }
}
