using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Intake;

namespace SupportBot.Core.Engine;

/// <summary>
/// What the engine may read, inside the transaction its step will be committed in. The store
/// implements it; Core tests use an in-memory one.
/// </summary>
public interface IEngineState
{
    CaseRecord? FindCase(string number);

    CaseRecord? FindCaseById(string id);

    IntakeSession? FindIntake(string userKey);

    /// <summary>Open cases, most severe first, then by time of receipt.</summary>
    IReadOnlyList<CaseRecord> OpenCases();

    /// <summary>The most recent events of a case, oldest first.</summary>
    IReadOnlyList<CaseEvent> RecentEvents(string caseId, int count);

    /// <summary>The numbers of the cases this person reported after <paramref name="since"/>, oldest first (any status).</summary>
    IReadOnlyList<string> CasesReportedSince(string reporterKey, Instant since);

    /// <summary>Allocates the next case number (rolled back with the transaction if it fails).</summary>
    string NextCaseNumber(string prefix);
}
