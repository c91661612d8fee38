using NodaTime;
using NodaTime.TimeZones;

namespace SupportBot.Core.Sla;

/// <summary>
/// SLA clock arithmetic on a <see cref="WorkCalendar"/>: pure functions over instants.
/// Open time is half-open: a 09:00–17:00 day is open at 09:00 and closed at 17:00.
/// A calendar with no working time makes the searching functions throw <see cref="InvalidOperationException"/>.
/// </summary>
public static class WorkingTime
{
    /// <summary>True when <paramref name="t"/> falls inside an open period.</summary>
    public static bool IsOpen(WorkCalendar cal, Instant t)
    {
        ArgumentNullException.ThrowIfNull(cal);
        if (cal.AlwaysOpen)
        {
            return true;
        }

        var date = OpenIntervals.DateOf(cal, t);
        foreach (var interval in OpenIntervals.OnDates(cal, date.PlusDays(-1), date.PlusDays(1)))
        {
            if (interval.Contains(t))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="t"/> itself when open, else the start of the next open period.</summary>
    public static Instant NextOpen(WorkCalendar cal, Instant t) => Add(cal, t, Duration.Zero);

    /// <summary>
    /// The instant at which <paramref name="workingTime"/> of open time has elapsed from <paramref name="start"/>;
    /// counting starts at the next opening when <paramref name="start"/> is closed.
    /// </summary>
    public static Instant Add(WorkCalendar cal, Instant start, Duration workingTime)
    {
        ArgumentNullException.ThrowIfNull(cal);
        ArgumentOutOfRangeException.ThrowIfLessThan(workingTime, Duration.Zero);
        if (cal.AlwaysOpen)
        {
            return start + workingTime;
        }

        var remaining = workingTime;
        foreach (var interval in OpenIntervals.From(cal, start))
        {
            if (interval.End <= start)
            {
                continue;
            }

            var from = Max(interval.Start, start);
            var available = interval.End - from;
            // "<=": a target used up exactly at closing is due at closing, not at the next opening.
            if (remaining <= available)
            {
                return from + remaining;
            }

            remaining -= available;
        }

        throw new InvalidOperationException("Unreachable: open intervals are unbounded or throw.");
    }

    /// <summary>Open time elapsed in [<paramref name="from"/>, <paramref name="to"/>); zero when to &lt;= from.</summary>
    public static Duration Between(WorkCalendar cal, Instant from, Instant to)
    {
        ArgumentNullException.ThrowIfNull(cal);
        if (to <= from)
        {
            return Duration.Zero;
        }

        if (cal.AlwaysOpen)
        {
            return to - from;
        }

        // Bounded by the dates of from and to, so a closed calendar gives zero rather than throwing.
        var total = Duration.Zero;
        var first = OpenIntervals.DateOf(cal, from).PlusDays(-1);
        var last = OpenIntervals.DateOf(cal, to).PlusDays(1);
        foreach (var interval in OpenIntervals.OnDates(cal, first, last))
        {
            if (interval.Start >= to)
            {
                break;
            }

            if (interval.End > from)
            {
                total += Min(interval.End, to) - Max(interval.Start, from);
            }
        }

        return total;
    }

    /// <summary>
    /// "N working days": the same local time of day on the Nth following working day (one with hours that is
    /// not a holiday), counted from the next opening when <paramref name="start"/> is closed. When that time is
    /// not inside the day's hours, the result is the end of the day's last period.
    /// A 24x7 calendar adds N local calendar days in its zone.
    /// </summary>
    public static Instant AddWorkingDays(WorkCalendar cal, Instant start, int days)
    {
        ArgumentNullException.ThrowIfNull(cal);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        if (cal.AlwaysOpen)
        {
            var local = start.InZone(cal.Zone).LocalDateTime;
            return local.PlusDays(days).InZone(cal.Zone, Resolvers.LenientResolver).ToInstant();
        }

        var opened = NextOpen(cal, start);
        if (days == 0)
        {
            return opened;
        }

        var startLocal = opened.InZone(cal.Zone).LocalDateTime;
        var date = startLocal.Date;
        var closedDays = 0;
        var counted = 0;
        while (true)
        {
            date = date.PlusDays(1);
            var intervals = OpenIntervals.OnDates(cal, date, date).ToList();
            if (intervals.Count == 0)
            {
                OpenIntervals.EnsureOpensWithin(cal, ++closedDays, date);
                continue;
            }

            closedDays = 0;
            if (++counted < days)
            {
                continue;
            }

            var target = startLocal.TimeOfDay.On(date).InZone(cal.Zone, Resolvers.LenientResolver).ToInstant();
            return intervals.Exists(i => i.Start <= target && target <= i.End) ? target : intervals[^1].End;
        }
    }

    /// <summary>When a target set at <paramref name="start"/> falls due on <paramref name="cal"/>.</summary>
    public static Instant Due(WorkCalendar cal, Instant start, SlaTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.IsWorkingDays
            ? AddWorkingDays(cal, start, target.WorkingDays)
            : Add(cal, start, target.Amount);
    }

    static Instant Max(Instant a, Instant b) => a > b ? a : b;

    static Instant Min(Instant a, Instant b) => a < b ? a : b;
}
