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
/// The timers a case needs pending now, computed by the same scheduling the engine uses when the
/// case changes, for the timer auditor. A clock paused while the case waits on the reporter needs
/// nothing but the auto-close; an unacknowledged page always needs its timeout, since that timeout
/// is what repeats the page or moves the ladder on. Only what is still ahead is asked for (a
/// reminder already past may have fired), except a ladder level whose trigger holds now and an
/// overdue update, page timeout or one-shot follow-up: those would have fired and changed the case
/// or its log, so they are due now. A one-shot timer (claim lapse, auto-close, rating request,
/// postmortem) is asked for while the state it acts on holds and the log shows it has not fired;
/// one the engine set but whose firing would do nothing (a claim on a case already in progress) is not.
/// </summary>
public sealed class ClockTimers(EngineParts parts, EscalationSteps escalation)
{
    /// <summary>How much of a case's log is read: enough for every entry the checks below look back to.</summary>
    private const int LogWindow = 200;

    public IReadOnlyList<ClockNeed> For(CaseRecord c, IEngineState state, Instant now)
    {
        var needs = new List<ClockNeed>();
        var log = new Lazy<IReadOnlyList<CaseEvent>>(() => state.RecentEvents(c.Id, LogWindow));
        if (!c.IsOpen)
        {
            AfterResolve(needs, c, log.Value, now);
            return needs;
        }
        if (PageTimeout(c, log, now) is { } page)
        {
            needs.Add(new ClockNeed("page", TimerKeys.PagePrefix, [page]));
        }
        if (c.Status == CaseStatus.WaitingOnCustomer)
        {
            // Counted from the latest question; the latest update is never earlier, so a case is never closed sooner than asked.
            var asked = log.Value.LastOrDefault(e => e.Type == "info-requested")?.At ?? c.LastUpdateAt ?? now;
            needs.Add(new ClockNeed("auto-close", TimerKeys.AutoClose, [NotBefore(parts.AutoClose(c, asked), now)]));
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
        if (ClaimLapse(c, log, now) is { } lapse)
        {
            needs.Add(new ClockNeed("claim-lapse", TimerKeys.ClaimLapse, [lapse]));
        }
        return needs;
    }

    /// <summary>
    /// A claim nobody has acted on since: no update or question (those set the last update), no tier
    /// escalation, no severity change by the owner. Firing unclaims the case.
    /// </summary>
    private SetTimer? ClaimLapse(CaseRecord c, Lazy<IReadOnlyList<CaseEvent>> log, Instant now)
    {
        if (c.Status != CaseStatus.Acknowledged || c.Owner is not { } owner || c.ClaimedAt is not { } claimedAt
            || (c.LastUpdateAt is { } updated && updated >= claimedAt))
        {
            return null;
        }
        // No claim in the window read means a long log since: leave it, rather than unclaim a case on a guess.
        var since = After(log.Value, "claimed", "taken-over");
        if (since is null || since.Any(e => e.Type == "tier-escalated" || (e.Type == "severity-changed" && KeptClaim(e, owner))))
        {
            return null;
        }
        // The lapse was armed with the response target of the severity at the claim; a later change by someone else leaves it.
        var claimedAs = since.FirstOrDefault(e => e.Type == "severity-changed")?.Data.GetValueOrDefault("from") ?? c.SeverityId;
        return NotBefore(Scheduled(step => parts.ArmClaimLapse(step, c with { SeverityId = claimedAs }, claimedAt)).Single(), now);
    }

    /// <summary>A change logged before the flag existed counts as the owner's when the same account made it.</summary>
    private static bool KeptClaim(CaseEvent e, Channels.UserRef owner) =>
        e.Data.ContainsKey(TriageSteps.ClaimKeptKey) || e.ActorKey == owner.Key;

    /// <summary>
    /// A resolved case closes unless answered; a resolved (or since closed) case gets one rating
    /// request unless rated, and an incident with a bridge its postmortem reminder, each once per resolve.
    /// A case closed without a resolve (no answer while waiting, or fixed at first contact) needs none.
    /// </summary>
    private void AfterResolve(List<ClockNeed> needs, CaseRecord c, IReadOnlyList<CaseEvent> log, Instant now)
    {
        if (c.ResolvedAt is not { } resolvedAt || After(log, "resolved") is not { } since)
        {
            return;
        }
        if (c.Status == CaseStatus.Resolved)
        {
            needs.Add(new ClockNeed("auto-close", TimerKeys.AutoClose, [NotBefore(parts.AutoClose(c, resolvedAt), now)]));
        }
        if (c.Rating is null && !since.Any(e => e.Type == "csat-requested"))
        {
            needs.Add(new ClockNeed("rating", TimerKeys.Csat, [NotBefore(parts.CsatFollowUp(c, resolvedAt), now)]));
        }
        if (c.BridgeKey is not null && !since.Any(e => e.Type == "postmortem-reminder"))
        {
            needs.Add(new ClockNeed("postmortem", TimerKeys.Postmortem, [NotBefore(parts.Postmortem(c, resolvedAt), now)]));
        }
    }

    /// <summary>The entries after the latest of the given types, or null when the log read has none of them.</summary>
    private static List<CaseEvent>? After(IReadOnlyList<CaseEvent> log, params string[] types)
    {
        for (var i = log.Count - 1; i >= 0; i--)
        {
            if (types.Contains(log[i].Type))
            {
                return [.. log.Skip(i + 1)];
            }
        }
        return null;
    }

    /// <summary>
    /// The timeout of the page sent last, while it waits: the "paged" entry of the current level and
    /// attempt, with no "page-timeout" entry for it since (a timeout at the last attempt of the last
    /// level leaves the state as it was, with nothing more to wait for).
    /// </summary>
    private SetTimer? PageTimeout(CaseRecord c, Lazy<IReadOnlyList<CaseEvent>> events, Instant now)
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
        var log = events.Value;
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
