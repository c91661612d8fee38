using NodaTime;
using SupportBot.Core.Channels;
using SupportBot.Core.Escalation;

namespace SupportBot.Core.Cases;

/// <summary>
/// The case projection: the current state, rebuilt in the same transaction as each event appended
/// to its log. <see cref="Version"/> is the compare-and-set token (0 = not stored yet).
/// </summary>
public sealed record CaseRecord
{
    public required string Id { get; init; }
    public required string Number { get; init; }
    public required CaseStatus Status { get; init; }
    public required string SeverityId { get; init; }
    public required string SeverityReason { get; init; }
    public required UserRef Reporter { get; init; }
    /// <summary>The conversation the case was reported from (the reporter's DM with the bot).</summary>
    public required ConversationRef ReportedIn { get; init; }
    public required IReadOnlyDictionary<string, string> Answers { get; init; }
    public string Title => Answer("title") ?? Answer("description") ?? Number;
    public string? Category => Answer("category");
    public string? Region => Answer("region");
    public string? Customer => Answer("customer");
    public string? Description => Answer("description");
    public UserRef? Owner { get; init; }
    /// <summary>When the owner claimed (or took over) the case; a claim with no action within the response target lapses.</summary>
    public Instant? ClaimedAt { get; init; }
    public int Tier { get; init; } = 1;
    public required Instant OpenedAt { get; init; }
    public Instant? FirstResponseAt { get; init; }
    public required Instant ResponseDueAt { get; init; }
    /// <summary>Null while the resolution clock is paused (waiting on the customer, or resolved).</summary>
    public Instant? ResolutionDueAt { get; init; }
    /// <summary>When the resolution clock was paused; null while it runs.</summary>
    public Instant? ClockPausedAt { get; init; }
    /// <summary>Working time the resolution clock has spent paused; the due time moves by this much.</summary>
    public Duration PausedWorkingTime { get; init; }
    public Instant? LastUpdateAt { get; init; }
    /// <summary>The text of the latest update posted, for the bridge's pinned status card.</summary>
    public string? LastUpdateText { get; init; }
    public Instant? ResolvedAt { get; init; }
    public Instant? ClosedAt { get; init; }
    public Outcome? Outcome { get; init; }
    public int? Rating { get; init; }
    public bool ResolvedAtFirstContact { get; init; }
    public int ReopenCount { get; init; }
    /// <summary>The triage channel the case card was posted to (null when no triage channel is known).</summary>
    public ConversationRef? TriageChannel { get; init; }
    /// <summary>Where the case is on its escalation ladder.</summary>
    public EscalationState Escalation { get; init; } = EscalationState.None;
    /// <summary>People who reported the same incident and joined this case instead of opening another; they get its updates.</summary>
    public IReadOnlyList<UserRef> LinkedReporters { get; init; } = [];
    /// <summary>The outbox key of the Severity 1 bridge channel, once one was opened; it stays after a downgrade.</summary>
    public string? BridgeKey { get; init; }
    /// <summary>Reminders (not pages) wait until then; set by the owner with a reason on the log.</summary>
    public Instant? SnoozedUntil { get; init; }
    public int Version { get; init; }

    public string TriageMessageKey => $"case:{Id}:triage";

    /// <summary>The pinned status card in the current bridge.</summary>
    public string BridgeStatusKey => $"{BridgeKey}:status";

    /// <summary>The reporter and everyone linked to the case.</summary>
    public IEnumerable<UserRef> Reporters => LinkedReporters.Prepend(Reporter);

    public bool IsOpen => Status.IsOpen();

    public string? Answer(string questionId) =>
        Answers.TryGetValue(questionId, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
}
