using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Intake;

namespace SupportBot.Core.Engine;

/// <summary>
/// What the engine may read, inside the transaction its step will be committed in. The store
/// implements it; Core tests use an in-memory one. Open cases come in queue order: most severe first,
/// then by time of receipt (then by number). No read gives every open case: a desk may have 100,000,
/// and a step reads only the ones it shows or decides on, and counts the rest.
/// </summary>
public interface IEngineState
{
    CaseRecord? FindCase(string number);

    CaseRecord? FindCaseById(string id);

    IntakeSession? FindIntake(string userKey);

    /// <summary>The first <paramref name="limit"/> open cases in queue order, and how many are open in all.</summary>
    QueueHead OpenQueueHead(int limit);

    /// <summary>
    /// <see cref="OpenQueueHead"/> of the open cases of <paramref name="region"/> and of no region (a follow-the-sun
    /// hand-off's queue): the first <paramref name="limit"/> in queue order, and how many those are.
    /// </summary>
    QueueHead OpenRegionQueueHead(string region, int limit);

    /// <summary>The open cases this person reported (as the case's reporter), in queue order.</summary>
    IReadOnlyList<CaseRecord> OpenCasesReportedBy(string reporterKey);

    /// <summary>Open cases of one of <paramref name="severityIds"/> received at or after <paramref name="since"/>, in queue order.</summary>
    IReadOnlyList<CaseRecord> OpenCasesReceivedSince(Instant since, IReadOnlyCollection<string> severityIds);

    /// <summary>The most recent events of a case, oldest first.</summary>
    IReadOnlyList<CaseEvent> RecentEvents(string caseId, int count);

    /// <summary>The numbers of the cases this person reported after <paramref name="since"/>, oldest first (any status).</summary>
    IReadOnlyList<string> CasesReportedSince(string reporterKey, Instant since);

    /// <summary>Allocates the next case number (rolled back with the transaction if it fails).</summary>
    string NextCaseNumber(string prefix);
}

/// <summary>The head of the open queue: what a card can show, and the count it cannot.</summary>
public sealed record QueueHead(IReadOnlyList<CaseRecord> First, int Count);
