using NodaTime;

namespace SupportBot.Core.Policy;

/// <param name="ResponseFractions">Fractions of the response target at which triage is told (0.5, 0.8, 1.0).</param>
/// <param name="AutoCloseResolvedAfter">A resolved case the reporter does not answer is closed after this.</param>
/// <param name="AutoCloseWaitingAfter">A case waiting on the customer with no answer is closed after this.</param>
/// <param name="CsatFollowUpAfter">One reminder to rate, this long after resolve, if not rated yet.</param>
/// <param name="DuplicateWindow">A report matching an open Severity 1 within this window may join it.</param>
/// <param name="PostmortemAfter">Root cause analysis reminder after a Severity 1 is resolved.</param>
/// <param name="SnoozeMax">The longest an owner may snooze a case's reminders.</param>
public sealed record ReminderSettings(
    IReadOnlyList<double> ResponseFractions,
    Duration AutoCloseResolvedAfter,
    Duration AutoCloseWaitingAfter,
    Duration CsatFollowUpAfter,
    Duration DuplicateWindow,
    Duration PostmortemAfter)
{
    public static readonly Duration DefaultSnoozeMax = Duration.FromHours(4);

    public Duration SnoozeMax { get; init; } = DefaultSnoozeMax;
}
