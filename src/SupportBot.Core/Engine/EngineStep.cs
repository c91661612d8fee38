using SupportBot.Core.Cases;
using SupportBot.Core.Intake;
using SupportBot.Core.Privacy;

namespace SupportBot.Core.Engine;

/// <summary>
/// Everything one inbound event or timer changes, committed in one transaction: case events and
/// projections, outbox rows, timer changes, the intake session and desk registrations; plus the immediate reply.
/// </summary>
public sealed class EngineStep
{
    public List<CaseChange> Cases { get; } = [];
    public List<Outgoing> Outbox { get; } = [];
    public List<TimerChange> Timers { get; } = [];
    public IntakeSession? SaveIntake { get; set; }
    public string? DeleteIntakeFor { get; set; }
    public InteractionReply? Reply { get; set; }

    /// <summary>Desk channels registered from chat (<c>set triage</c>), written with the rest of the step.</summary>
    public List<DeskRegistration> DeskChanges { get; } = [];

    /// <summary>An admin's export or erase of one person's data, done by the store in the step's transaction; it writes <see cref="Reply"/>.</summary>
    public PrivacyRequest? Privacy { get; set; }

    public bool ChangesState =>
        Cases.Count > 0 || Outbox.Count > 0 || Timers.Count > 0 || SaveIntake is not null || DeleteIntakeFor is not null || DeskChanges.Count > 0
        || Privacy is not null;

    public static EngineStep Replying(InteractionReply reply) => new() { Reply = reply };
}

/// <summary>
/// The new projection of a case and the events that led to it. <see cref="ExpectedVersion"/> is the
/// version read (0 for a new case); the store refuses the change if another writer got there first.
/// </summary>
public sealed record CaseChange(CaseRecord Case, int ExpectedVersion, IReadOnlyList<CaseEvent> Events);
