using System.Globalization;
using NodaTime;

namespace SupportBot.Core.OnCall;

/// <summary>
/// Rota selection: an active override, else the member whose week it is. Weeks are counted in the rota's
/// local time, so a Monday 09:00 hand-off stays at 09:00 on the wall clock across daylight-saving changes.
/// </summary>
internal static class RotaWeeks
{
    public static OnDutyChoice Choose(Contacts contacts, Role role, Instant now, IReadOnlySet<string> exclude)
    {
        var rota = contacts.Rotas.FirstOrDefault(r => r.Id == role.RotaId);
        if (rota is null)
        {
            return new OnDutyChoice(role.Id, [], $"{role.Name} has no rota to follow");
        }

        var local = now.InZone(rota.Zone).LocalDateTime;
        Person? person;
        string because;
        if (ActiveOverride(rota, local) is { } cover && contacts.Find(cover.PersonId) is { } coverer)
        {
            person = coverer;
            because = $"covers rota {rota.Id} by override until {Format(cover.To)} {rota.Zone.Id}";
        }
        else
        {
            if (rota.Members.Count == 0)
            {
                return new OnDutyChoice(role.Id, [], $"rota {rota.Id} of {role.Name} has no members");
            }

            var (index, weekStart) = Week(rota, local);
            person = contacts.Find(rota.Members[index]);
            if (person is null)
            {
                return new OnDutyChoice(role.Id, [], $"rota {rota.Id} of {role.Name} names \"{rota.Members[index]}\", who is not a listed contact");
            }

            because = $"is on call for rota {rota.Id} (week from {Format(weekStart)} {rota.Zone.Id})";
        }

        return exclude.Contains(person.Id)
            ? new OnDutyChoice(role.Id, [], $"{person.Name} {because} but is excluded")
            : new OnDutyChoice(role.Id, [person], $"{person.Name} {because}");
    }

    /// <summary>The index of the member on call at <paramref name="now"/> and when their week began.</summary>
    static (int Index, LocalDateTime WeekStart) Week(Rota rota, LocalDateTime now)
    {
        var first = rota.StartsOn.With(DateAdjusters.NextOrSame(rota.HandoffDay)).At(rota.HandoffTime);
        var days = Period.Between(first.Date, now.Date, PeriodUnits.Days).Days;
        // Floor, not truncate: before the first hand-off the weeks count backwards.
        var weeks = days / 7 - (days % 7 < 0 ? 1 : 0);
        var start = first.PlusWeeks(weeks);
        if (now < start)
        {
            weeks--;
            start = start.PlusWeeks(-1);
        }

        var count = rota.Members.Count;
        return ((weeks % count + count) % count, start);
    }

    // A short cover inside a longer one is the more specific, so the latest start wins (then the later entry).
    static RotaOverride? ActiveOverride(Rota rota, LocalDateTime now)
    {
        RotaOverride? active = null;
        foreach (var cover in rota.Overrides)
        {
            if (cover.From <= now && now < cover.To && (active is null || cover.From >= active.From))
            {
                active = cover;
            }
        }

        return active;
    }

    static string Format(LocalDateTime t) => t.ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture);
}
