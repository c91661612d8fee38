using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Engine;
using SupportBot.Core.Intake;

namespace SupportBot.Benchmarks.Clocks;

/// <summary>
/// The store's state with one reporter's intake at its preview, as the intake's earlier steps would
/// have saved it: the seeder then sends only the Submit, the step that opens the case.
/// </summary>
public sealed class PreviewedIntake(IEngineState state, IntakeSession session) : IEngineState
{
    public CaseRecord? FindCase(string number) => state.FindCase(number);

    public CaseRecord? FindCaseById(string id) => state.FindCaseById(id);

    public IntakeSession? FindIntake(string userKey) => userKey == session.Reporter.Key ? session : state.FindIntake(userKey);

    public QueueHead OpenQueueHead(int limit) => state.OpenQueueHead(limit);

    public QueueHead OpenRegionQueueHead(string region, int limit) => state.OpenRegionQueueHead(region, limit);

    public IReadOnlyList<CaseRecord> OpenCasesReportedBy(string reporterKey) => state.OpenCasesReportedBy(reporterKey);

    public IReadOnlyList<CaseRecord> OpenCasesReceivedSince(Instant since, IReadOnlyCollection<string> severityIds) =>
        state.OpenCasesReceivedSince(since, severityIds);

    public IReadOnlyList<CaseEvent> RecentEvents(string caseId, int count) => state.RecentEvents(caseId, count);

    public IReadOnlyList<string> CasesReportedSince(string reporterKey, Instant since) => state.CasesReportedSince(reporterKey, since);

    public string NextCaseNumber(string prefix) => state.NextCaseNumber(prefix);
}
