using NodaTime;
using NodaTime.TimeZones;

namespace SupportBot.Core.Sla;

/// <summary>
/// Enumerates a calendar's open time as instant intervals, date by date, in time order.
/// Weekly hours are local times in the calendar's zone; each period is mapped to instants with the
/// lenient resolver, so a period spanning a spring-forward gap is shorter in real time and one
/// spanning a fall-back overlap is longer.
/// </summary>
internal static class OpenIntervals
{
    // Ten years of consecutive closed days means the calendar will never open again.
    const int MaxClosedDays = 3660;

    /// <summary>Open intervals that end after <paramref name="t"/>'s local date begins, then all later ones.</summary>
    public static IEnumerable<Interval> From(WorkCalendar cal, Instant t)
    {
        EnsureHasWorkingHours(cal);
        // Start a day early: a period ending at 24:00 (or pushed over a gap) can reach into t's date.
        return Dates(cal, t.InZone(cal.Zone).Date.PlusDays(-1), lastDate: null);
    }

    /// <summary>Open intervals of the local dates first..last; bounded, so it never throws.</summary>
    public static IEnumerable<Interval> OnDates(WorkCalendar cal, LocalDate first, LocalDate last) =>
        Dates(cal, first, last);

    public static LocalDate DateOf(WorkCalendar cal, Instant t) => t.InZone(cal.Zone).Date;

    public static void EnsureHasWorkingHours(WorkCalendar cal)
    {
        ArgumentNullException.ThrowIfNull(cal);
        foreach (var periods in cal.WeeklyHours.Values)
        {
            foreach (var p in periods)
            {
                if (EndsAtEndOfDay(p) || p.End > p.Start)
                {
                    return;
                }
            }
        }

        throw new InvalidOperationException(
            $"Calendar '{cal.Id}' has no weekly working hours, so an SLA clock on it would never run. " +
            "Give it working hours or make it 24x7.");
    }

    static IEnumerable<Interval> Dates(WorkCalendar cal, LocalDate date, LocalDate? lastDate)
    {
        // Clamping to the previous end keeps intervals ordered and disjoint even where the lenient
        // resolver shifts a time inside a gap forward past the next period's start.
        var previousEnd = Instant.MinValue;
        var closedDays = 0;
        for (; lastDate is null || date <= lastDate; date = date.PlusDays(1))
        {
            var opened = false;
            foreach (var p in Periods(cal, date))
            {
                var start = Resolve(cal.Zone, date.At(p.Start));
                var end = EndsAtEndOfDay(p)
                    ? Resolve(cal.Zone, date.PlusDays(1).AtMidnight())
                    : Resolve(cal.Zone, date.At(p.End));
                if (start < previousEnd)
                {
                    start = previousEnd;
                }

                if (end <= start)
                {
                    continue;
                }

                previousEnd = end;
                opened = true;
                yield return new Interval(start, end);
            }

            closedDays = opened ? 0 : closedDays + 1;
            if (lastDate is null)
            {
                EnsureOpensWithin(cal, closedDays, date);
            }
        }
    }

    /// <summary>Throws once <paramref name="closedDays"/> consecutive closed days up to <paramref name="date"/> exceed ten years.</summary>
    public static void EnsureOpensWithin(WorkCalendar cal, int closedDays, LocalDate date)
    {
        if (closedDays > MaxClosedDays)
        {
            throw new InvalidOperationException(
                $"Calendar '{cal.Id}' has no working time in the ten years up to {date.ToString("uuuu-MM-dd", null)} " +
                "(every day is a holiday or has no hours), so an SLA clock on it would never run.");
        }
    }

    static IReadOnlyList<WorkingPeriod> Periods(WorkCalendar cal, LocalDate date)
    {
        if (cal.Holidays.Contains(date) || !cal.WeeklyHours.TryGetValue(date.DayOfWeek, out var periods))
        {
            return [];
        }

        for (var i = 1; i < periods.Count; i++)
        {
            if (periods[i].Start < periods[i - 1].Start)
            {
                return [.. periods.OrderBy(p => p.Start)];
            }
        }

        return periods;
    }

    // "24:00" is stored as midnight; an end of 00:00 can only mean the end of the day.
    static bool EndsAtEndOfDay(WorkingPeriod p) => p.EndsAtMidnight || p.End == LocalTime.Midnight;

    static Instant Resolve(DateTimeZone zone, LocalDateTime local) =>
        zone.ResolveLocal(local, Resolvers.LenientResolver).ToInstant();
}
