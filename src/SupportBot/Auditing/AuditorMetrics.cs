using System.Diagnostics.Metrics;
using SupportBot.Outbox;

namespace SupportBot.Auditing;

/// <summary>The timer auditor's repairs on the "SupportBot" meter, for <c>/metrics</c>.</summary>
public sealed class AuditorMetrics
{
    private readonly Counter<long> repairs;

    public AuditorMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        repairs = meters.Create(OutboxMetrics.MeterName)
            .CreateCounter<long>("supportbot_auditor_repairs_total", "{clock}", "Case clocks found with no pending timer and repaired, by clock.");
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
