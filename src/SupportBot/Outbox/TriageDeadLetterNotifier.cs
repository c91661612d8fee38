using SupportBot.Core.Channels;

namespace SupportBot.Outbox;

/// <summary>Posts a <see cref="DeadLetterNotice"/> to the triage conversation, through the outbox like any message.</summary>
public sealed class TriageDeadLetterNotifier(OutboxStore store, OutboxSignal signal, TimeProvider time, ConversationRef triage)
    : IDeadLetterNotifier
{
    public async Task NotifyAsync(DeadLetter letter, CancellationToken ct)
    {
        await store.EnqueueAsync(DeadLetterNotice.For(letter, triage), time.GetUtcNow(), ct).ConfigureAwait(false);
        signal.Wake();
    }
}
