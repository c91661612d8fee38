using System.Diagnostics.Metrics;
using SupportBot.Outbox;

namespace SupportBot.Auditing;

/// <summary>The timer auditor's audits and repairs on the "SupportBot" meter, for <c>/metrics</c>.</summary>
public sealed class AuditorMetrics
{
    private readonly Counter<long> repairs;
    private readonly Counter<long> audits;
    private readonly Counter<double> seconds;

    public AuditorMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(OutboxMetrics.MeterName);
        repairs = meter.CreateCounter<long>("supportbot_auditor_repairs_total", "{clock}", "Case clocks found with no pending timer and repaired, by clock.");
        audits = meter.CreateCounter<long>("supportbot_auditor_audits_total", "{audit}", "Audits of every case's timers completed.");
        seconds = meter.CreateCounter<double>("supportbot_auditor_audit_seconds_total", "s", "Time spent auditing; divide by audits for the mean (it grows with the open cases).");
    }

    public void Audited(TimeSpan took)
    {
        audits.Add(1);
        seconds.Add(took.TotalSeconds);
    }

    public void Repaired(TimerRepair repair)
    {
        ArgumentNullException.ThrowIfNull(repair);
        foreach (var clock in repair.Clocks)
        {
            repairs.Add(1, new KeyValuePair<string, object?>("clock", clock));
        }
    }
}
