using System.Globalization;
using NodaTime;
using SupportBot.Core.Sla;

namespace SupportBot.Core.OnCall;

/// <summary>
/// Follow-the-sun selection: whoever's working hours, in their own zone, cover the instant. A member
/// without working hours is never on duty this way.
/// </summary>
internal static class FollowTheSun
{
    // Far enough ahead to rank people working now by when they stop; anyone still working at the
    // horizon (round-the-clock hours) simply ties there, and ties go to member order.
    const int StretchHorizonDays = 8;

    // Weekly hours repeat every seven days; a year also covers runs of holidays.
    const int ShiftSearchDays = 366;

    public static OnDutyChoice Choose(Contacts contacts, Role role, Instant now, IReadOnlySet<string> exclude)
    {
        Person? best = null;
        var bestEnd = Instant.MinValue;
        var excluded = new List<Person>();
        foreach (var id in role.Members)
        {
            if (contacts.Find(id) is not { WorkingHours: { } hours } person || StretchEnd(hours, now) is not { } end)
            {
                continue;
            }

            if (exclude.Contains(person.Id))
            {
                excluded.Add(person);
            }
            else if (best is null || end > bestEnd)
            {
                best = person;
                bestEnd = end;
            }
        }

        if (best is null)
        {
            return new OnDutyChoice(role.Id, [], excluded.Count == 0
                ? $"nobody in {role.Name} is on duty now"
                : $"everyone on duty in {role.Name} now is excluded ({OnDuty.Names(excluded)})");
        }

        var zone = best.WorkingHours!.Zone;
        var local = now.InZone(zone).ToString("ddd HH:mm", CultureInfo.InvariantCulture);
        return new OnDutyChoice(role.Id, [best], $"{best.Name} is on duty for {role.Name}: {local} in {zone.Id} is within their working hours");
    }

    public static (Instant At, Person Person)? NextShiftStart(Contacts contacts, Role role, Instant after)
    {
        (Instant At, Person Person)? next = null;
        foreach (var id in role.Members)
        {
            if (contacts.Find(id) is { WorkingHours: { } hours } person
                && NextStart(hours, after) is { } at
                && (next is null || at < next.Value.At))
            {
                next = (at, person);
            }
        }

        return next;
    }

    /// <summary>The end of the unbroken working time that covers <paramref name="now"/>; null when not working.</summary>
    static Instant? StretchEnd(WorkCalendar hours, Instant now)
    {
        if (hours.AlwaysOpen)
        {
            return Instant.MaxValue;
        }

        // Periods that touch (17:00-24:00 then 00:00-06:00) are one stretch: the person works straight on.
        var date = now.InZone(hours.Zone).Date;
        Instant? end = null;
        foreach (var interval in OpenIntervals.OnDates(hours, date.PlusDays(-1), date.PlusDays(StretchHorizonDays)))
        {
            if (end is null && interval.Contains(now))
            {
                end = interval.End;
            }
            else if (end is not null && interval.Start == end)
            {
                end = interval.End;
            }
            else if (end is not null || interval.Start > now)
            {
                break;
            }
        }

        return end;
    }

    /// <summary>When the next unbroken stretch of working time begins strictly after <paramref name="after"/>.</summary>
    static Instant? NextStart(WorkCalendar hours, Instant after)
    {
        // Always working means never starting.
        if (hours.AlwaysOpen)
        {
            return null;
        }

        // Start early enough to see the period a start might continue, so it is not counted as a start.
        var date = after.InZone(hours.Zone).Date;
        Instant? previousEnd = null;
        foreach (var interval in OpenIntervals.OnDates(hours, date.PlusDays(-2), date.PlusDays(ShiftSearchDays)))
        {
            if (interval.Start > after && interval.Start != previousEnd)
            {
                return interval.Start;
            }

            previousEnd = interval.End;
        }

        return null;
    }
}
