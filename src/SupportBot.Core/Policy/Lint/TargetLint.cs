using NodaTime;
using SupportBot.Core.Sla;

namespace SupportBot.Core.Policy.Lint;

/// <summary>
/// Severity targets that cannot run on their calendar: the calendar has no working time in the
/// horizon (every day a holiday), so a case opened now would not fall due within it.
/// </summary>
internal static class TargetLint
{
    public static IEnumerable<LintFinding> OutsideCalendars(SupportPolicy policy, Instant from, Instant to)
    {
        foreach (var severity in policy.Severities)
        {
            var targets = new List<(string Field, SlaTarget Target)> { ("response", severity.Response) };
            if (severity.UpdateEvery is { } update)
            {
                targets.Add(("update_every", update));
            }
            if (severity.Resolution is { } resolution)
            {
                targets.Add(("resolution", resolution));
            }
            foreach (var (field, target) in targets)
            {
                var calendar = CaseClocks.CalendarOf(policy, severity, target);
                if (calendar.AlwaysOpen)
                {
                    continue;
                }
                var open = OpenIntervals.OnDates(calendar, from.InZone(calendar.Zone).Date, to.InZone(calendar.Zone).Date)
                    .Any(i => i.End > from && i.Start < to);
                if (!open)
                {
                    yield return new LintFinding(LintCodes.TargetOutsideCalendar, $"severities[{severity.Id}].{field}",
                        $"{severity.Name}'s {field.Replace('_', ' ')} target ({target.Text}) counts time on calendar {calendar.Id}, "
                        + "which has no working hours in the next eight weeks, so a case opened now would not fall due in that time.");
                }
            }
        }
    }
}
