using System.Collections.Concurrent;
using SupportBot.Core.Channels;
using SupportBot.Outbox;
using static SupportBot.Tests.Outbox.OutboxFixture;

namespace SupportBot.Tests.Outbox;

/// <summary>Lanes waiting on their platform (its pace, its answer) do not hold up other lanes.</summary>
public sealed class OutboxPacedLanesTests : IDisposable
{
    private readonly OutboxFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task A_backlog_to_more_conversations_than_store_places_has_every_lane_waiting_on_its_platform_at_once()
    {
        const int Lanes = 20;
        var options = new OutboxOptions();
        Assert.True(Lanes > options.StoreParallelism);
        var platform = new WaitingChannel(Lanes);
        using var dispatcher = f.Dispatcher([platform], options);
        for (var i = 0; i < Lanes; i++)
        {
            await f.EnqueueAsync(Post($"m{i}", new ConversationRef(ChannelKind.Slack, $"C{i}", IsDirect: false)));
        }

        // Every post is held until all of them are waiting: a dispatcher that works fewer lanes at once never gets there.
        var attempts = await dispatcher.DeliverDueAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Lanes, attempts);
        Assert.Equal(Lanes, platform.MostAtOnce);
        Assert.Equal(new OutboxCounts(0, null, 0), f.Store.Counts());
    }

    [Fact]
    public async Task A_message_to_another_conversation_goes_out_while_a_lane_is_still_waiting_on_its_platform()
    {
        var backlog = new ConversationRef(ChannelKind.Slack, "C0BACKLOG", IsDirect: false);
        var oncall = new ConversationRef(ChannelKind.Slack, "D0ONCALL", IsDirect: true);
        var platform = new GatedChannel(backlog.Id);
        using var dispatcher = f.Dispatcher([platform]);
        await dispatcher.StartAsync(CancellationToken.None);
        try
        {
            await f.EnqueueAsync(Post("backlog 1", backlog));
            await f.EnqueueAsync(Post("backlog 2", backlog));
            f.Signal.Wake();
            await platform.Waiting.WaitAsync(TimeSpan.FromSeconds(30));

            // The backlog's lane is held by its platform (as by a pace of one post a second): the page must not wait for it.
            await f.EnqueueAsync(Post("page", oncall));
            f.Signal.Wake();
            await platform.Delivered("page").WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(["page"], platform.Posted);
            platform.Open();
            await platform.Delivered("backlog 2").WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            platform.Open();
            await dispatcher.StopAsync(CancellationToken.None);
        }
        Assert.Equal(["page", "backlog 1", "backlog 2"], platform.Posted);
        Assert.Equal(new OutboxCounts(0, null, 0), f.Store.Counts());
    }

    /// <summary>A platform whose posts to one conversation wait until the test opens it; posts elsewhere go through.</summary>
    private sealed class GatedChannel(string gated) : IChatChannel
    {
        private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentDictionary<string, TaskCompletionSource> delivered = new();
        private readonly ConcurrentQueue<string> posted = new();

        public ChannelKind Kind => ChannelKind.Slack;

        public Task Waiting => waiting.Task;

        public IReadOnlyList<string> Posted => [.. posted];

        public void Open() => gate.TrySetResult();

        /// <summary>Completes once the post of <paramref name="text"/> has gone through.</summary>
        public Task Delivered(string text) => Done(text).Task;

        public async Task<MessageRef> PostAsync(ConversationRef conversation, OutboundMessage message, CancellationToken ct)
        {
            if (conversation.Id == gated)
            {
                waiting.TrySetResult();
                await gate.Task.WaitAsync(ct);
            }
            posted.Enqueue(message.Text);
            Done(message.Text).TrySetResult();
            return new MessageRef(Kind, conversation.Id, message.Text);
        }

        private TaskCompletionSource Done(string text) =>
            delivered.GetOrAdd(text, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        public Task UpdateAsync(MessageRef message, OutboundMessage replacement, CancellationToken ct) => throw new NotSupportedException();

        public Task<MessageRef> SendDirectAsync(UserRef user, OutboundMessage message, CancellationToken ct) => throw new NotSupportedException();

        public Task<ConversationRef> CreateChannelAsync(string name, string topic, CancellationToken ct) => throw new NotSupportedException();

        public Task InviteAsync(ConversationRef channel, IReadOnlyList<UserRef> users, CancellationToken ct) => throw new NotSupportedException();

        public Task PinAsync(MessageRef message, CancellationToken ct) => throw new NotSupportedException();

        public Task ArchiveAsync(ConversationRef channel, CancellationToken ct) => throw new NotSupportedException();
    }

    /// <summary>A platform whose posts all wait until <c>together</c> of them are waiting, as lanes wait on a per-channel pace.</summary>
    private sealed class WaitingChannel(int together) : IChatChannel
    {
        private readonly TaskCompletionSource all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int waiting;
        private int mostAtOnce;

        public ChannelKind Kind => ChannelKind.Slack;

        public int MostAtOnce => Volatile.Read(ref mostAtOnce);

        public async Task<MessageRef> PostAsync(ConversationRef conversation, OutboundMessage message, CancellationToken ct)
        {
            var now = Interlocked.Increment(ref waiting);
            InterlockedMax(ref mostAtOnce, now);
            if (now >= together)
            {
                all.TrySetResult();
            }
            await all.Task.WaitAsync(ct);
            Interlocked.Decrement(ref waiting);
            return new MessageRef(Kind, conversation.Id, message.Text);
        }

        public Task UpdateAsync(MessageRef message, OutboundMessage replacement, CancellationToken ct) => throw new NotSupportedException();

        public Task<MessageRef> SendDirectAsync(UserRef user, OutboundMessage message, CancellationToken ct) => throw new NotSupportedException();

        public Task<ConversationRef> CreateChannelAsync(string name, string topic, CancellationToken ct) => throw new NotSupportedException();

        public Task InviteAsync(ConversationRef channel, IReadOnlyList<UserRef> users, CancellationToken ct) => throw new NotSupportedException();

        public Task PinAsync(MessageRef message, CancellationToken ct) => throw new NotSupportedException();

        public Task ArchiveAsync(ConversationRef channel, CancellationToken ct) => throw new NotSupportedException();

        private static void InterlockedMax(ref int target, int value)
        {
            for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
            {
                if (Interlocked.CompareExchange(ref target, value, seen) == seen)
                {
                    return;
                }
            }
        }
    }
}
