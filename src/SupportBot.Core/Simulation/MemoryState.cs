using System.Globalization;
using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Engine;
using SupportBot.Core.Intake;
using SupportBot.Core.Policy;

namespace SupportBot.Core.Simulation;

/// <summary>
/// The engine's state in memory, applying each step the way the store does: a case change is a
/// compare-and-set on its version, a timer is unique per (case, key) and setting it again replaces it,
/// cancelling goes by key prefix, and a due timer is claimed once. For dry runs and Core tests.
/// </summary>
public sealed class MemoryState(SupportPolicy policy) : IEngineState
{
    private readonly Dictionary<string, CaseRecord> cases = [];
    private readonly Dictionary<string, IntakeSession> intakes = [];
    private readonly Dictionary<(string CaseId, string Key), DueTimer> timers = [];
    private readonly List<CaseEvent> events = [];
    private readonly List<Outgoing> outbox = [];
    private int sequence;
    private long timerIds;

    /// <summary>Every case event recorded, in order.</summary>
    public IReadOnlyList<CaseEvent> Events => events;

    /// <summary>Every outbox operation enqueued, in order (nothing is delivered).</summary>
    public IReadOnlyList<Outgoing> Outbox => outbox;

    /// <summary>Pending timers; <see cref="DueTimer.Id"/> counts up in the order they were set, like the store's row id.</summary>
    public IReadOnlyDictionary<(string CaseId, string Key), DueTimer> Timers => timers;

    public CaseRecord OnlyCase => cases.Values.Single();

    public CaseRecord? FindCase(string number) => cases.Values.FirstOrDefault(c => c.Number == number);

    public CaseRecord? FindCaseById(string id) => cases.GetValueOrDefault(id);

    public IntakeSession? FindIntake(string userKey) => intakes.GetValueOrDefault(userKey);

    /// <summary>Every open case, in queue order (the engine reads only the ones it needs, through the methods below).</summary>
    public IReadOnlyList<CaseRecord> OpenCases() =>
        cases.Values.Where(c => c.IsOpen).OrderBy(c => policy.Rank(c.SeverityId)).ThenBy(c => c.OpenedAt).ThenBy(c => c.Number, StringComparer.Ordinal).ToList();

    public QueueHead OpenQueueHead(int limit) => Head(OpenCases(), limit);

    public QueueHead OpenRegionQueueHead(string region, int limit) => Head([.. OpenCases().Where(c => c.Region is null || c.Region == region)], limit);

    public IReadOnlyList<CaseRecord> OpenCasesReportedBy(string reporterKey) => [.. OpenCases().Where(c => c.Reporter.Key == reporterKey)];

    public IReadOnlyList<CaseRecord> OpenCasesReceivedSince(Instant since, IReadOnlyCollection<string> severityIds) =>
        [.. OpenCases().Where(c => c.OpenedAt >= since && severityIds.Contains(c.SeverityId))];

    private static QueueHead Head(IReadOnlyList<CaseRecord> open, int limit) => new([.. open.Take(limit)], open.Count);

    public IReadOnlyList<CaseEvent> RecentEvents(string caseId, int count) => events.Where(e => e.CaseId == caseId).TakeLast(count).ToList();

    public IReadOnlyList<string> CasesReportedSince(string reporterKey, Instant since) =>
        cases.Values.Where(c => c.Reporter.Key == reporterKey && c.OpenedAt > since).OrderBy(c => c.OpenedAt).Select(c => c.Number).ToList();

    public string NextCaseNumber(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{++sequence:D6}");

    /// <summary>Pending timers due at or before <paramref name="now"/>, in the order the sweep takes them.</summary>
    public IReadOnlyList<DueTimer> DueTimers(Instant now) =>
        timers.Values.Where(t => t.DueAt <= now).OrderBy(t => t.DueAt).ThenBy(t => t.Id).ToList();

    /// <summary>The pending timer the sweep would take next, whenever it is due.</summary>
    public DueTimer? NextTimer() => timers.Values.OrderBy(t => t.DueAt).ThenBy(t => t.Id).FirstOrDefault();

    /// <summary>Takes a timer out of the pending ones; false when it was cancelled or replaced meanwhile (a stale timer).</summary>
    public bool Claim(DueTimer timer)
    {
        ArgumentNullException.ThrowIfNull(timer);
        return timers.TryGetValue((timer.CaseId, timer.Key), out var pending) && pending.Id == timer.Id && timers.Remove((timer.CaseId, timer.Key));
    }

    /// <summary>Commits a step decided at <paramref name="now"/>; throws when a case changed since the step read it.</summary>
    public EngineStep Apply(EngineStep step, Instant now)
    {
        ArgumentNullException.ThrowIfNull(step);
        foreach (var change in step.Cases)
        {
            var current = cases.GetValueOrDefault(change.Case.Id)?.Version ?? 0;
            if (current != change.ExpectedVersion)
            {
                throw new InvalidOperationException($"Case {change.Case.Number} is at version {current}, not {change.ExpectedVersion}: it changed since the step read it.");
            }
        }
        foreach (var change in step.Cases)
        {
            cases[change.Case.Id] = change.Case with { Version = change.ExpectedVersion + 1 };
            events.AddRange(change.Events);
        }
        outbox.AddRange(step.Outbox);
        foreach (var t in step.Timers)
        {
            Apply(t, now);
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

    private void Apply(TimerChange change, Instant now)
    {
        switch (change)
        {
            case SetTimer { KeepIfPending: true } keep when timers.ContainsKey((keep.CaseId, keep.Key)):
                break;
            case SetTimer set:
                timers[(set.CaseId, set.Key)] = new DueTimer(++timerIds, set.CaseId, set.Key, set.Kind, set.DueAt, now);
                break;
            case CancelTimers cancel:
                foreach (var key in timers.Keys.Where(k => k.CaseId == cancel.CaseId
                    && (cancel.KeyPrefix is null || k.Key.StartsWith(cancel.KeyPrefix, StringComparison.Ordinal))).ToList())
                {
                    timers.Remove(key);
                }
                break;
        }
    }
}
