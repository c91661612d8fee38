using NodaTime;

namespace SupportBot.Core.Sla;

/// <summary>
/// When a clock runs: always (24x7), or during weekly working hours in a time zone, minus holidays.
/// The arithmetic lives in <see cref="WorkingTime"/>.
/// </summary>
public sealed record WorkCalendar(
    string Id,
    DateTimeZone Zone,
    bool AlwaysOpen,
    IReadOnlyDictionary<IsoDayOfWeek, IReadOnlyList<WorkingPeriod>> WeeklyHours,
    IReadOnlySet<LocalDate> Holidays)
{
    public static WorkCalendar TwentyFourSeven(string id = "24x7") =>
        new(id, DateTimeZone.Utc, true, new Dictionary<IsoDayOfWeek, IReadOnlyList<WorkingPeriod>>(), new HashSet<LocalDate>());
}

/// <summary>A span of local time on a working day; End may be 24:00 (LocalTime.Midnight with EndsAtMidnight).</summary>
public sealed record WorkingPeriod(LocalTime Start, LocalTime End, bool EndsAtMidnight = false);
