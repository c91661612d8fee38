using NodaTime;
using SupportBot.Core.Policy;
using SupportBot.Core.Sla;

namespace SupportBot.Core.Reports;

/// <summary>
/// When a month's report goes to the managers: on the first working day of the next month, when the
/// business calendar opens that day but not before 09:00 local time, and never before the month has
/// ended in the report's zone.
/// </summary>
public static class ReportSchedule
{
    /// <summary>The earliest time of day a report is posted, when the calendar opens earlier (or never closes).</summary>
    public static readonly LocalTime Morning = new(9, 0);

    /// <summary>
    /// The business calendar whose working days count: the SLA credit rule's calendar when it names one
    /// with working hours, else the policy's first calendar with working hours. Null when every calendar
    /// is 24x7: then every day is a working day, in the policy's display zone.
    /// </summary>
    public static WorkCalendar? Calendar(SupportPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Reports.Credit?.OutageLongerThan.Calendar is { } id && policy.Calendars.TryGetValue(id, out var credit) && !credit.AlwaysOpen)
        {
            return credit;
        }
        return policy.Calendars.Values.FirstOrDefault(c => !c.AlwaysOpen);
    }

    /// <summary>When the report of <paramref name="month"/> is due to be posted.</summary>
    public static Instant PostAt(SupportPolicy policy, YearMonth month)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var calendar = Calendar(policy);
        var zone = calendar?.Zone ?? policy.DisplayZone;
        var firstOfNext = month.PlusMonths(1).OnDayOfMonth(1).AtStartOfDayInZone(zone).ToInstant();
        var opens = calendar is null ? firstOfNext : WorkingTime.NextOpen(calendar, firstOfNext);
        var morning = opens.InZone(zone).Date.At(Morning).InZoneLeniently(zone).ToInstant();
        var monthEnd = ReportPeriod.Month(month, policy.DisplayZone).End;
        return Max(Max(opens, morning), monthEnd);
    }

    /// <summary>The month whose report is due at <paramref name="now"/>: last month, once its posting time has come; else null.</summary>
    public static YearMonth? Due(SupportPolicy policy, Instant now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var last = now.InZone(policy.DisplayZone).Date.ToYearMonth().PlusMonths(-1);
        return now >= PostAt(policy, last) ? last : null;
    }

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;
}
