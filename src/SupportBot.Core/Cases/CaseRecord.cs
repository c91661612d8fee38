using NodaTime;
using SupportBot.Core.Channels;

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
    public Instant? ResolvedAt { get; init; }
    public Instant? ClosedAt { get; init; }
    public Outcome? Outcome { get; init; }
    public int? Rating { get; init; }
    public bool ResolvedAtFirstContact { get; init; }
    public int ReopenCount { get; init; }
    /// <summary>The triage channel the case card was posted to (null when no triage channel is known).</summary>
    public ConversationRef? TriageChannel { get; init; }
    public int Version { get; init; }

    public string TriageMessageKey => $"case:{Id}:triage";

    public bool IsOpen => Status.IsOpen();

    public string? Answer(string questionId) =>
        Answers.TryGetValue(questionId, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
}
