using NodaTime;
using SupportBot.Core.Channels;

namespace SupportBot.Core.Escalation;

/// <summary>
/// Where a case is on its ladder: the level paged last (0: none), which attempt at that level, the
/// page messages sent at that level (so an acknowledgement can update every one of them), and who
/// acknowledged it.
/// </summary>
public sealed record EscalationState(
    int Level,
    int Attempt,
    Instant? PagedAt,
    IReadOnlyList<PageSent> Pages,
    UserRef? AcknowledgedBy,
    Instant? AcknowledgedAt,
    EscalationRequest? Request = null)
{
    public static readonly EscalationState None = new(0, 0, null, [], null, null);

    public bool IsAcknowledged => AcknowledgedBy is not null;

    /// <summary>Whether the page with this message key still waits for an answer: sent at the current level and not acknowledged.</summary>
    public bool Awaits(string messageKey) => !IsAcknowledged && Pages.Any(p => p.MessageKey == messageKey);
}

/// <summary>One page message: to whom (the person and the account it went to) and its message key.</summary>
public sealed record PageSent(string PersonId, UserRef To, string MessageKey);

/// <summary>A manual escalation request, in the words the seeds ask for; shown on the pages it caused.</summary>
public sealed record EscalationRequest(int Level, string By, string? ByPersonId, string Description, string Progress, string Impact, string Reason);
