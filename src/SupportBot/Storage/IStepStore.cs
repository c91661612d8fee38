using NodaTime;
using SupportBot.Core.Engine;

namespace SupportBot.Storage;

/// <summary>
/// Runs one engine step in one write transaction: dedup the inbound event or claim the timer, let
/// the engine decide on the state it reads inside the transaction, and commit the events,
/// projections, outbox rows, timer changes and intake session together — or nothing.
/// </summary>
public interface IStepStore
{
    Task<StepOutcome> RunAsync(StepRequest request, Func<IEngineState, EngineStep> decide, CancellationToken ct);

    /// <summary>Pending timers due at or before <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<DueTimer>> DueTimersAsync(Instant now, int max, CancellationToken ct);

    /// <summary>The earliest due time of a pending timer due after <paramref name="after"/>, if any.</summary>
    Task<Instant?> NextTimerDueAsync(Instant after, CancellationToken ct);

    /// <summary>
    /// Records that handling a timer failed; after <paramref name="maxAttempts"/> it is set aside as
    /// failed, so that one bad timer cannot hold up the others. Returns true when it was set aside.
    /// </summary>
    Task<bool> RecordTimerFailureAsync(long timerId, string reason, int maxAttempts, CancellationToken ct);

    /// <summary>Forgets inbound event ids received before <paramref name="before"/>.</summary>
    Task<int> ForgetInboundBeforeAsync(Instant before, CancellationToken ct);
}

/// <param name="InboundEventId">Platform event id to process once (null: not an inbound event).</param>
/// <param name="TimerId">Timer to claim (pending → fired) in the same transaction (null: not a timer).</param>
public sealed record StepRequest(string? InboundEventId, long? TimerId, Instant Now);

/// <summary>What happened: the committed step, or why nothing was done.</summary>
public sealed record StepOutcome(StepStatus Status, EngineStep? Step)
{
    public static readonly StepOutcome Duplicate = new(StepStatus.Duplicate, null);
    public static readonly StepOutcome Stale = new(StepStatus.StaleTimer, null);
}

public enum StepStatus { Committed, Duplicate, StaleTimer }

/// <summary>Another writer changed the case between our read and our write; the step is decided again.</summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException() : base("The case was changed by someone else.") { }

    public ConcurrencyConflictException(string message) : base(message) { }

    public ConcurrencyConflictException(string message, Exception inner) : base(message, inner) { }
}
