using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Policy;

namespace SupportBot.Core.Engine;

/// <summary>What every flow of the engine shares: the policy, the desk's channels, card data, and the small acts of recording.</summary>
public sealed class EngineParts(SupportPolicy policy, Desk desk)
{
    public SupportPolicy Policy { get; } = policy;
    public Desk Desk { get; } = desk;
    public CardData Cards { get; } = new(policy);
    public IntakeCards IntakeCards => new(Policy, Cards);

    public static CaseEvent Event(CaseRecord c, Actor? actor, Instant at, string type, string summary, IReadOnlyDictionary<string, string>? data = null) =>
        new(c.Id, at, actor?.User.Key ?? CaseEvent.System, actor?.Name ?? "SupportBot", type, summary, data ?? new Dictionary<string, string>());

    /// <summary>Records the new projection with its events and re-draws the triage card in place.</summary>
    public void Change(EngineStep step, CaseRecord before, CaseRecord after, Instant now, params CaseEvent[] events)
    {
        var stored = after with { Version = before.Version };
        step.Cases.Add(new CaseChange(stored, before.Version, events));
        RefreshTriage(step, stored, now);
    }

    public void RefreshTriage(EngineStep step, CaseRecord c, Instant now)
    {
        if (c.TriageChannel is { } triage)
        {
            step.Outbox.Add(new UpdateMessage(c.TriageMessageKey, triage.Lane, Cards.Triage(c, now)) { CaseNumber = c.Number });
        }
    }

    public static void TellReporter(EngineStep step, CaseRecord c, Channels.OutboundMessage message) =>
        step.Outbox.Add(new DirectMessage(c.Reporter, message, null) { CaseNumber = c.Number });

    public void TellTriage(EngineStep step, CaseRecord c, Channels.OutboundMessage message)
    {
        if (Desk.Triage is { } triage)
        {
            step.Outbox.Add(new PostMessage(triage, message, null) { CaseNumber = c.Number });
        }
    }

    /// <summary>Sets the update-due reminder for the owner, when the severity has an update cadence.</summary>
    public void ScheduleUpdateReminder(EngineStep step, CaseRecord c, Instant from)
    {
        if (Sla.CaseClocks.NextUpdateDue(Policy, Policy.Severity(c.SeverityId), from) is { } due)
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

    public static string Response(double fraction) =>
        ResponsePrefix + fraction.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    public static double FractionOf(string key) =>
        double.Parse(key[ResponsePrefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
}
