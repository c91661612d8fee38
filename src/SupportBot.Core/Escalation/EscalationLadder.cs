using NodaTime;
using SupportBot.Core.Sla;

namespace SupportBot.Core.Escalation;

/// <summary>Configured escalation steps for the severities it lists (DESIGN §4 "escalation ladders").</summary>
public sealed record EscalationLadder(
    string Id,
    IReadOnlyList<string> Severities,
    IReadOnlyList<LadderLevel> Levels,
    ManualEscalation Manual);

/// <param name="Role">The contact role paged at this level.</param>
/// <param name="AckTimeout">How long a page waits for an acknowledgement before it is repeated.</param>
/// <param name="Repeats">How many times the page is repeated before the next level.</param>
public sealed record LadderLevel(int Number, string Name, LadderTrigger Trigger, string Role, Duration AckTimeout, int Repeats);

/// <summary>
/// What starts a level: time since opening, a breached target, or a manual request. Elapsed time
/// counts on the severity's calendar (or the target's own), or on the wall clock when <see cref="WallClock"/>.
/// </summary>
public sealed record LadderTrigger(TriggerKind Kind, SlaTarget? After, bool WallClock = false);

public enum TriggerKind { Elapsed, ResponseBreach, ResolutionBreach, Manual }

/// <summary>Whether a person may ask for escalation, from when, and what they must write.</summary>
public sealed record ManualEscalation(bool Allowed, SlaTarget? NotBefore, string RefusalReason, IReadOnlyList<string> RequiredFields);
