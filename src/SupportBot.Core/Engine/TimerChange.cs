using NodaTime;

namespace SupportBot.Core.Engine;

/// <summary>
/// Timer rows written in the engine step's transaction. A timer is unique per (case, key): setting
/// replaces. Timers of the desk itself (not of one case) use the case id <see cref="DeskTimers.CaseId"/>.
/// </summary>
public abstract record TimerChange(string CaseId);

public sealed record SetTimer(string CaseId, string Key, string Kind, Instant DueAt) : TimerChange(CaseId)
{
    /// <summary>Leave a pending timer of this key as it is (set at start-up, so that a restart neither moves nor doubles it).</summary>
    public bool KeepIfPending { get; init; }
}

/// <summary>Cancels the case's pending timers whose key starts with <see cref="KeyPrefix"/> (all when null).</summary>
public sealed record CancelTimers(string CaseId, string? KeyPrefix = null) : TimerChange(CaseId);

/// <summary>A timer that came due, handed to the engine by the sweep. <see cref="Id"/> is its fencing token.</summary>
public sealed record DueTimer(long Id, string CaseId, string Key, string Kind, Instant DueAt, Instant SetAt);

/// <summary>Timer kinds, persisted as these strings.</summary>
public static class TimerKinds
{
    public const string ResponseReminder = "response-reminder";
    public const string UpdateDue = "update-due";
    public const string AutoClose = "auto-close";
    public const string CsatFollowUp = "csat-follow-up";
    public const string LadderLevelDue = "ladder-level-due";
    public const string PageTimeout = "page-timeout";
    public const string ClaimLapse = "claim-lapse";
    public const string PostmortemDue = "postmortem-due";
    public const string HandoffSummary = "handoff-summary";
}

/// <summary>Timers that belong to the desk rather than to a case: the follow-the-sun hand-off summaries.</summary>
public static class DeskTimers
{
    public const string CaseId = "desk";
    public const string HandoffPrefix = "handoff:";
}
