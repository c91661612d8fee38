using SupportBot.Core.Engine;
using SupportBot.Outbox;

namespace SupportBot.Hosting;

/// <summary>Announces dead letters in the desk's triage channel of the moment (it may be registered from chat later), else only logs.</summary>
public sealed class DeskDeadLetterNotifier(
    IDeskSource desk, OutboxStore store, OutboxSignal signal, TimeProvider time, ILogger<LoggingDeadLetterNotifier> logger) : IDeadLetterNotifier
{
    private readonly LoggingDeadLetterNotifier fallback = new(logger);

    public Task NotifyAsync(DeadLetter letter, CancellationToken ct) => desk.Current.Triage is { } triage
        ? new TriageDeadLetterNotifier(store, signal, time, triage).NotifyAsync(letter, ct)
        : fallback.NotifyAsync(letter, ct);
}
