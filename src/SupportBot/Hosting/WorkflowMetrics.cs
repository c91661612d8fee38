using System.Diagnostics.Metrics;
using SupportBot.Outbox;

namespace SupportBot.Hosting;

/// <summary>Inbound events and timers on the "SupportBot" meter (DESIGN §10), for <c>/metrics</c>.</summary>
public sealed class WorkflowMetrics
{
    private readonly Counter<long> inbound;
    private readonly Counter<long> duplicates;
    private readonly Counter<long> timersFired;
    private readonly Counter<double> lateness;

    public WorkflowMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(OutboxMetrics.MeterName);
        inbound = meter.CreateCounter<long>("supportbot_inbound_events_total", "{event}", "Platform events processed, by platform.");
        duplicates = meter.CreateCounter<long>("supportbot_inbound_duplicates_total", "{event}", "Platform retries recognised and ignored.");
        timersFired = meter.CreateCounter<long>("supportbot_timers_fired_total", "{timer}", "Timers handed to the engine, by kind.");
        lateness = meter.CreateCounter<double>("supportbot_timer_lateness_seconds_total", "s", "Summed lateness of fired timers; divide by timers fired for the mean.");
    }

    public void Inbound(string platform) => inbound.Add(1, new KeyValuePair<string, object?>("platform", platform));

    public void Duplicate(string platform) => duplicates.Add(1, new KeyValuePair<string, object?>("platform", platform));

    public void TimerFired(string kind, TimeSpan late)
    {
        var tag = new KeyValuePair<string, object?>("kind", kind);
        timersFired.Add(1, tag);
        lateness.Add(Math.Max(0, late.TotalSeconds), tag);
    }
}
