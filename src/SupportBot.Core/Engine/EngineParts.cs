using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Intake;
using SupportBot.Core.Policy;

namespace SupportBot.Core.Engine;

/// <summary>What every flow of the engine shares: the policy, the desk's channels, card data, and the small acts of recording.</summary>
public sealed class EngineParts(SupportPolicy policy, IDeskSource desk)
{
    public SupportPolicy Policy { get; } = policy;

    /// <summary>The desk as it is now: channels registered from chat take effect on the next step.</summary>
    public Desk Desk => desk.Current;
    public CardData Cards { get; } = new(policy);

    /// <summary>How many new reports one person may make in a while; off unless the host sets it.</summary>
    public IntakeRateLimit RateLimit { get; init; } = IntakeRateLimit.Off;
    public IntakeCards IntakeCards => new(Policy, Cards);
    public EscalationCards EscalationCards => new(Policy, Cards);

    public static CaseEvent Event(CaseRecord c, Actor? actor, Instant at, string type, string summary, IReadOnlyDictionary<string, string>? data = null) =>
        new(c.Id, at, actor?.User.Key ?? CaseEvent.System, actor?.Name ?? "SupportBot", type, summary, data ?? new Dictionary<string, string>());

    /// <summary>Records the new projection with its events and re-draws the triage card in place.</summary>
    public void Change(EngineStep step, CaseRecord before, CaseRecord after, Instant now, params CaseEvent[] events)
    {
        var stored = after with { Version = before.Version };
        step.Cases.Add(new CaseChange(stored, before.Version, events));
        RefreshTriage(step, stored, now);
    }

    /// <summary>Re-draws the case's triage card and, while the incident is open, the bridge's pinned status card.</summary>
    public void RefreshTriage(EngineStep step, CaseRecord c, Instant now)
    {
        if (c.TriageChannel is { } triage)
        {
            step.Outbox.Add(new UpdateMessage(c.TriageMessageKey, triage.Lane, Cards.Triage(c, now)) { CaseNumber = c.Number });
        }
        if (c.IsOpen)
        {
            RefreshBridge(step, c, now);
        }
    }

    /// <summary>The bridge's pinned status card; not after the resolve that archived the bridge (an archived channel takes no edits).</summary>
    public void RefreshBridge(EngineStep step, CaseRecord c, Instant now)
    {
        if (c.BridgeKey is { } bridge)
        {
            step.Outbox.Add(new UpdateMessage(c.BridgeStatusKey, Outgoing.ChannelLane(bridge), EscalationCards.BridgeStatus(c, now)) { CaseNumber = c.Number });
        }
    }

    public static void TellReporter(EngineStep step, CaseRecord c, Channels.OutboundMessage message) =>
        step.Outbox.Add(new DirectMessage(c.Reporter, message, null) { CaseNumber = c.Number });

    /// <summary>The same news to the reporter and everyone linked to the case, each with times in their own zone.</summary>
    public static void TellReporters(EngineStep step, CaseRecord c, Func<Channels.UserRef, Channels.OutboundMessage> message)
    {
        foreach (var reporter in c.Reporters)
        {
            step.Outbox.Add(new DirectMessage(reporter, message(reporter), null) { CaseNumber = c.Number });
        }
    }

    public static void PostToBridge(EngineStep step, CaseRecord c, Channels.OutboundMessage message)
    {
        if (c.BridgeKey is { } bridge)
        {
            step.Outbox.Add(new PostToChannel(bridge, message, null) { CaseNumber = c.Number });
        }
    }

    /// <summary>The policy's person behind a platform account, if any.</summary>
    public OnCall.Person? PersonOf(Channels.UserRef user) => Policy.People.FindByUser(user);

    /// <summary>Whether two accounts are the same person (the same account, or two accounts of one policy person).</summary>
    public bool SamePerson(Channels.UserRef a, Channels.UserRef b) =>
        a.Key == b.Key || (PersonOf(a) is { } p && PersonOf(b) is { } q && p.Id == q.Id);

    /// <summary>A claim with no agent action (update, question, resolve) within the response target lapses.</summary>
    public void ArmClaimLapse(EngineStep step, CaseRecord c, Instant now) =>
        step.Timers.Add(new SetTimer(c.Id, TimerKeys.ClaimLapse, TimerKinds.ClaimLapse,
            Sla.ResponseTargets.Due(Policy, Policy.Severity(c.SeverityId), now, c.Answers)));

    /// <summary>Closes a case nobody answers: a question to the reporter, or a resolution, after the policy's while from <paramref name="from"/>.</summary>
    public SetTimer AutoClose(CaseRecord c, Instant from) => new(c.Id, TimerKeys.AutoClose, TimerKinds.AutoClose,
        from + (c.Status == CaseStatus.WaitingOnCustomer ? Policy.Reminders.AutoCloseWaitingAfter : Policy.Reminders.AutoCloseResolvedAfter));

    /// <summary>The one reminder to rate the help, a while after the resolve.</summary>
    public SetTimer CsatFollowUp(CaseRecord c, Instant resolvedAt) =>
        new(c.Id, TimerKeys.Csat, TimerKinds.CsatFollowUp, resolvedAt + Policy.Reminders.CsatFollowUpAfter);

    /// <summary>The root cause analysis reminder after an incident with a bridge is resolved.</summary>
    public SetTimer Postmortem(CaseRecord c, Instant resolvedAt) =>
        new(c.Id, TimerKeys.Postmortem, TimerKinds.PostmortemDue, resolvedAt + Policy.Reminders.PostmortemAfter);

    public void TellTriage(EngineStep step, CaseRecord c, Channels.OutboundMessage message)
    {
        if (Desk.Triage is { } triage)
        {
            step.Outbox.Add(new PostMessage(triage, message, null) { CaseNumber = c.Number });
        }
    }

    /// <summary>
    /// Sets the update-due reminder when the severity has an update cadence and someone is to post
    /// updates: the owner, or (for a case with an open bridge and no owner yet) the bridge.
    /// </summary>
    public void ScheduleUpdateReminder(EngineStep step, CaseRecord c, Instant from)
    {
        var severity = Policy.Severity(c.SeverityId);
        var someoneUpdates = c.Owner is not null || (severity.OpensBridge && c.BridgeKey is not null);
        if (someoneUpdates && c.IsOpen && c.Status != CaseStatus.WaitingOnCustomer && Sla.CaseClocks.NextUpdateDue(Policy, severity, from) is { } due)
        {
            step.Timers.Add(new SetTimer(c.Id, TimerKeys.Update, TimerKinds.UpdateDue, due));
        }
        else
        {
            step.Timers.Add(new CancelTimers(c.Id, TimerKeys.Update));
        }
    }

    /// <summary>
    /// Reminders at the policy's fractions of the response target. After a severity change some may
    /// be past already: only the latest of those is kept, so triage hears once where the case stands.
    /// </summary>
    public void ScheduleResponseReminders(EngineStep step, CaseRecord c, Instant now)
    {
        step.Timers.Add(new CancelTimers(c.Id, TimerKeys.ResponsePrefix));
        var severity = Policy.Severity(c.SeverityId);
        var dues = Policy.Reminders.ResponseFractions
            .Select(f => (Fraction: f, Due: Sla.CaseClocks.ResponseFraction(Policy, severity, c.OpenedAt, c.ResponseDueAt, f)))
            .ToList();
        var latestPast = dues.Where(d => d.Due <= now).Select(d => d.Fraction).DefaultIfEmpty(-1).Max();
        foreach (var (fraction, due) in dues.Where(d => d.Due > now || d.Fraction == latestPast))
        {
            step.Timers.Add(new SetTimer(c.Id, TimerKeys.Response(fraction), TimerKinds.ResponseReminder, due));
        }
    }
}

/// <summary>Timer keys: one pending timer per (case, key).</summary>
public static class TimerKeys
{
    public const string ResponsePrefix = "response:";
    public const string Update = "update";
    public const string AutoClose = "auto-close";
    public const string Csat = "csat";
    public const string LadderPrefix = "ladder:";
    public const string PagePrefix = "page:";
    public const string ClaimLapse = "claim-lapse";
    public const string Postmortem = "postmortem";

    public static string Ladder(int level) => LadderPrefix + level.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Page(int level) => PagePrefix + level.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The level number at the end of a ladder or page key.</summary>
    public static int LevelOf(string key) => int.Parse(key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    public static string Response(double fraction) =>
        ResponsePrefix + fraction.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    public static double FractionOf(string key) =>
        double.Parse(key[ResponsePrefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
}
