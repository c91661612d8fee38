using System.Globalization;
using SupportBot.Core.Cases;
using SupportBot.Core.Engine;
using SupportBot.Core.Intake;
using SupportBot.Core.Policy;

namespace SupportBot.Core.Tests.Engine;

/// <summary>The engine's state in memory, applying steps the way the store does (versions, timers by key).</summary>
public sealed class InMemoryState(SupportPolicy policy) : IEngineState
{
    private readonly Dictionary<string, CaseRecord> cases = [];
    private readonly Dictionary<string, IntakeSession> intakes = [];
    private int sequence;

    public List<CaseEvent> Events { get; } = [];
    public List<Outgoing> Outbox { get; } = [];
    public Dictionary<(string CaseId, string Key), SetTimer> Timers { get; } = [];

    public CaseRecord? FindCase(string number) => cases.Values.FirstOrDefault(c => c.Number == number);

    public CaseRecord? FindCaseById(string id) => cases.GetValueOrDefault(id);

    public IntakeSession? FindIntake(string userKey) => intakes.GetValueOrDefault(userKey);

    public IReadOnlyList<CaseRecord> OpenCases() =>
        cases.Values.Where(c => c.IsOpen).OrderBy(c => policy.Rank(c.SeverityId)).ThenBy(c => c.OpenedAt).ToList();

    public IReadOnlyList<CaseEvent> RecentEvents(string caseId, int count) => Events.Where(e => e.CaseId == caseId).TakeLast(count).ToList();

    public string NextCaseNumber(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{++sequence:D6}");

    public CaseRecord OnlyCase => cases.Values.Single();

    public EngineStep Apply(EngineStep step)
    {
        foreach (var change in step.Cases)
        {
            var current = cases.GetValueOrDefault(change.Case.Id);
            Assert.Equal(current?.Version ?? 0, change.ExpectedVersion);
            cases[change.Case.Id] = change.Case with { Version = change.ExpectedVersion + 1 };
            Events.AddRange(change.Events);
        }
        Outbox.AddRange(step.Outbox);
        foreach (var t in step.Timers)
        {
            if (t is SetTimer set)
            {
                Timers[(set.CaseId, set.Key)] = set;
            }
            else if (t is CancelTimers cancel)
            {
                foreach (var key in Timers.Keys.Where(k => k.CaseId == cancel.CaseId && (cancel.KeyPrefix is null || k.Key.StartsWith(cancel.KeyPrefix, StringComparison.Ordinal))).ToList())
                {
                    Timers.Remove(key);
                }
            }
        }
        if (step.DeleteIntakeFor is { } user)
        {
            intakes.Remove(user);
        }
        if (step.SaveIntake is { } session)
        {
            intakes[session.Reporter.Key] = session;
        }
        return step;
    }
}
