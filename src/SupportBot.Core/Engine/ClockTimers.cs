using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Escalation;

namespace SupportBot.Core.Engine;

/// <summary>
/// One running clock of a case and the timers the engine would have it pending now. A clock is
/// intact while any pending timer's key starts with <see cref="KeyPrefix"/>.
/// </summary>
public sealed record ClockNeed(string Clock, string KeyPrefix, IReadOnlyList<SetTimer> Timers);

/// <summary>
/// The timers an open case's running clocks need from now on, computed by the same scheduling the
/// engine uses when the case changes, for the timer auditor. A clock paused while the case waits on
/// the reporter needs nothing; an unacknowledged page always needs its timeout, since that timeout
/// is what repeats the page or moves the ladder on. Only what is still ahead is asked for (a
/// reminder already past may have fired), except a ladder level whose trigger holds now and an
/// overdue update or page timeout: those would have fired and changed the case, so they are due now.
/// </summary>
public sealed class ClockTimers(EngineParts parts, EscalationSteps escalation)
{
    public IReadOnlyList<ClockNeed> For(CaseRecord c, IEngineState state, Instant now)
    {
        var needs = new List<ClockNeed>();
        if (!c.IsOpen)
        {
            return needs;
        }
        if (PageTimeout(c, state, now) is { } page)
        {
            needs.Add(new ClockNeed("page", TimerKeys.PagePrefix, [page]));
        }
        if (c.Status == CaseStatus.WaitingOnCustomer)
        {
            return needs;
        }
        if (c.FirstResponseAt is null)
        {
            Add(needs, "response", TimerKeys.ResponsePrefix, Scheduled(step => parts.ScheduleResponseReminders(step, c, now)).Where(t => t.DueAt > now));
        }
        var lastUpdate = Later(c.LastUpdateAt, c.ClaimedAt) ?? c.OpenedAt;
        Add(needs, "update", TimerKeys.Update, Scheduled(step => parts.ScheduleUpdateReminder(step, c, lastUpdate)).Select(t => NotBefore(t, now)));
        if (LadderClock.LadderFor(parts.Policy, c.SeverityId) is { } ladder)
        {
            Add(needs, "ladder", TimerKeys.LadderPrefix, Scheduled(step => escalation.ScheduleLadder(step, c, now))
                .Where(t => t.DueAt > now || LadderClock.Holds(c, ladder.Levels[TimerKeys.LevelOf(t.Key) - 1], now)));
        }
        return needs;
    }

    /// <summary>
    /// The timeout of the page sent last, while it waits: the "paged" entry of the current level and
    /// attempt, with no "page-timeout" entry for it since (a timeout at the last attempt of the last
    /// level leaves the state as it was, with nothing more to wait for).
    /// </summary>
    private SetTimer? PageTimeout(CaseRecord c, IEngineState state, Instant now)
    {
        var e = c.Escalation;
        if (e.Level == 0 || e.IsAcknowledged || e.Pages.Count == 0
            || LadderClock.LadderFor(parts.Policy, c.SeverityId) is not { } ladder || e.Level > ladder.Levels.Count)
        {
            return null;
        }
        var level = e.Level.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var attempt = e.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        bool Current(CaseEvent x) => x.Data.GetValueOrDefault("level") == level && x.Data.GetValueOrDefault("attempt") == attempt;
        var log = state.RecentEvents(c.Id, 200);
        var paged = log.LastOrDefault(x => x.Type == "paged");
        if (paged is null || !Current(paged) || log.SkipWhile(x => x != paged).Any(x => x.Type == "page-timeout" && Current(x)))
        {
            return null;
        }
        var due = paged.At + ladder.Levels[e.Level - 1].AckTimeout;
        return new SetTimer(c.Id, TimerKeys.Page(e.Level), TimerKinds.PageTimeout, due > now ? due : now);
    }

    private static IEnumerable<SetTimer> Scheduled(Action<EngineStep> schedule)
    {
        var step = new EngineStep();
        schedule(step);
        return step.Timers.OfType<SetTimer>();
    }

    private static void Add(List<ClockNeed> needs, string clock, string prefix, IEnumerable<SetTimer> timers)
    {
        var list = timers.ToList();
        if (list.Count > 0)
        {
            needs.Add(new ClockNeed(clock, prefix, list));
        }
    }

    private static SetTimer NotBefore(SetTimer timer, Instant now) => timer.DueAt >= now ? timer : timer with { DueAt = now };

    private static Instant? Later(Instant? a, Instant? b) => a is null ? b : b is null ? a : Instant.Max(a.Value, b.Value);
}
