using NodaTime;
using SupportBot.Core.Escalation;
using SupportBot.Core.Intake;
using SupportBot.Core.OnCall;
using SupportBot.Core.Sla;

namespace SupportBot.Core.Policy;

/// <summary>A validated support policy: one seed document's process as configuration (DESIGN §4).</summary>
public sealed record SupportPolicy
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required string CasePrefix { get; init; }
    /// <summary>Zone used to show times when the platform does not tell us the viewer's.</summary>
    public required DateTimeZone DisplayZone { get; init; }
    public required IReadOnlyDictionary<string, WorkCalendar> Calendars { get; init; }
    /// <summary>Most severe first; the order is the queue order.</summary>
    public required IReadOnlyList<SeverityLevel> Severities { get; init; }
    public required IReadOnlyList<IntakeQuestion> Questions { get; init; }
    public required IReadOnlyList<SeverityRule> SeverityRules { get; init; }
    public required SeverityRule DefaultRule { get; init; }
    public required IReadOnlyList<Deflection> Deflections { get; init; }
    public required IReadOnlyList<EscalationLadder> Ladders { get; init; }
    public required Contacts People { get; init; }
    public required ReminderSettings Reminders { get; init; }
    public required ReportSettings Reports { get; init; }
    public required RetentionSettings Retention { get; init; }

    public SeverityLevel Severity(string id) =>
        Severities.FirstOrDefault(s => s.Id == id) ?? throw new KeyNotFoundException($"Unknown severity '{id}'.");

    public WorkCalendar Calendar(string id) =>
        Calendars.TryGetValue(id, out var c) ? c : throw new KeyNotFoundException($"Unknown calendar '{id}'.");

    public int Rank(string severityId)
    {
        for (var i = 0; i < Severities.Count; i++)
        {
            if (Severities[i].Id == severityId)
            {
                return i;
            }
        }
        return Severities.Count;
    }
}
