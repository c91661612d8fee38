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
