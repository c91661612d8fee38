using NodaTime;
using SupportBot.Core.Sla;

namespace SupportBot.Core.Tests.Sla;

/// <summary>Small builders for the calendars the SLA tests run on.</summary>
internal static class Calendars
{
    public static readonly IsoDayOfWeek[] Weekdays =
        [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday];

    public static readonly IsoDayOfWeek[] EveryDay = [.. Weekdays, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday];

    public static readonly LocalDate[] UkHolidays2026 =
        [new(2026, 5, 4), new(2026, 12, 25), new(2026, 12, 28), new(2027, 1, 1)];

    /// <summary>Mon–Fri 09:00–17:00 Europe/London with the UK bank holidays above.</summary>
    public static WorkCalendar LondonOffice() =>
        Build("london-office", "Europe/London", Weekdays, [Period(9, 17)], UkHolidays2026);

    /// <summary>Mon–Fri 09:00–17:00 America/New_York, no holidays.</summary>
    public static WorkCalendar NewYorkOffice() =>
        Build("new-york-office", "America/New_York", Weekdays, [Period(9, 17)]);

    public static WorkCalendar Build(
        string id, string zoneId, IEnumerable<IsoDayOfWeek> days, IReadOnlyList<WorkingPeriod> periods,
        IEnumerable<LocalDate>? holidays = null) =>
        new(
            id,
            DateTimeZoneProviders.Tzdb[zoneId],
            false,
            days.ToDictionary(d => d, _ => periods),
            new HashSet<LocalDate>(holidays ?? []));

    /// <summary>The same calendar with different hours on one day of the week.</summary>
    public static WorkCalendar WithDay(this WorkCalendar cal, IsoDayOfWeek day, params WorkingPeriod[] periods) =>
        cal with { WeeklyHours = new Dictionary<IsoDayOfWeek, IReadOnlyList<WorkingPeriod>>(cal.WeeklyHours) { [day] = periods } };

    public static WorkingPeriod Period(int startHour, int endHour, int startMinute = 0, int endMinute = 0) =>
        endHour == 24
            ? new(new LocalTime(startHour, startMinute), LocalTime.Midnight, EndsAtMidnight: true)
            : new(new LocalTime(startHour, startMinute), new LocalTime(endHour, endMinute));
}
