using Microsoft.Extensions.Logging;

namespace SupportBot.Outbox;

/// <summary>
/// Told about every operation the outbox gave up on (except dead-letter notices themselves, so a
/// broken triage channel cannot feed itself). The host replaces the default once it knows where the
/// triage conversation is; <see cref="TriageDeadLetterNotifier"/> is the implementation for that.
/// </summary>
public interface IDeadLetterNotifier
{
    Task NotifyAsync(DeadLetter letter, CancellationToken ct);
}

/// <summary>The default until a triage conversation is configured: the dispatcher's error log line is all there is.</summary>
public sealed partial class LoggingDeadLetterNotifier(ILogger<LoggingDeadLetterNotifier> logger) : IDeadLetterNotifier
{
    public Task NotifyAsync(DeadLetter letter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(letter);
        LogNotAnnounced(letter.Id, letter.CaseNumber);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No triage conversation is configured: dead outbox row {OutboxId} ({CaseNumber}) is not announced")]
    private partial void LogNotAnnounced(long outboxId, string? caseNumber);
}
