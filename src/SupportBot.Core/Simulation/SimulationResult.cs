using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Policy;

namespace SupportBot.Core.Simulation;

/// <summary>What to replay: answers to the policy's questions, reported at an instant.</summary>
/// <param name="Until">When the replay stops; null: <see cref="Simulator.DefaultUntil"/>.</param>
/// <param name="AckAfter">Every page is acknowledged by its first recipient this long after it is sent; null: nobody acknowledges.</param>
public sealed record SimulationRequest(Instant ReportedAt, IReadOnlyDictionary<string, string> Answers, Instant? Until = null, Duration? AckAfter = null);

/// <summary>The case as opened, its clocks, and everything that happened to it up to <see cref="Until"/>.</summary>
public sealed record SimulationResult(
    CaseRecord Opened,
    SeverityLevel Severity,
    IReadOnlyList<SimulatedClock> Clocks,
    Instant Until,
    IReadOnlyList<TimelineEntry> Timeline);

/// <summary>A clock of the case: when it is due (null: it has no fixed time, such as a manual ladder level), and what it is.</summary>
public sealed record SimulatedClock(string Name, Instant? Due, string Detail);

/// <summary>
/// One line of the timeline: a case event (<see cref="Kind"/> is its type, such as <c>paged</c>) or an
/// outgoing message (<see cref="Kind"/> says what: <c>page</c>, <c>dm</c>, <c>triage-post</c>, <c>bridge-create</c> …).
/// <see cref="Who"/> is who it concerns: the people paged, the person who acted, or the recipient of a message.
/// </summary>
public sealed record TimelineEntry(Instant At, TimelineSource Source, string Kind, string Who, string Summary);

/// <summary>A case event, a message the bot sends, or the bot's answer to someone who acted (a refused acknowledgement).</summary>
public enum TimelineSource { Event, Message, Reply }
