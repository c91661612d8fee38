using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using SupportBot.Outbox;

namespace SupportBot.Hosting;

/// <summary>
/// <c>/metrics</c> in the Prometheus text format, from the app's "SupportBot" meter (no exporter
/// package is obtainable here). Counters accumulate as they are added; gauges are read at scrape time.
/// </summary>
public sealed class PrometheusEndpoint : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), double> values = new();
    private readonly ConcurrentDictionary<string, (string Type, string? Help)> kinds = new();
    private readonly Lock scrape = new();

    public PrometheusEndpoint(IMeterFactory meters)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this host's meters: another host in the same process (tests) has its own factory.
            if (instrument.Meter.Name == OutboxMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                kinds[instrument.Name] = (instrument is Counter<long> or Counter<double> ? "counter" : "gauge", instrument.Description);
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        listener.Start();
    }

    public static WebApplication MapMetrics(WebApplication app)
    {
        app.MapGet("/metrics", (PrometheusEndpoint metrics) => TypedResults.Text(metrics.Scrape(), "text/plain; version=0.0.4"));
        return app;
    }

    public string Scrape()
    {
        lock (scrape)
        {
            listener.RecordObservableInstruments();
            var text = new StringBuilder();
            foreach (var group in values.OrderBy(v => v.Key.Name, StringComparer.Ordinal).ThenBy(v => v.Key.Labels, StringComparer.Ordinal).GroupBy(v => v.Key.Name))
            {
                var (type, help) = kinds.TryGetValue(group.Key, out var k) ? k : ("gauge", null);
                if (help is not null)
                {
                    text.Append(CultureInfo.InvariantCulture, $"# HELP {group.Key} {help}\n");
                }
                text.Append(CultureInfo.InvariantCulture, $"# TYPE {group.Key} {type}\n");
                foreach (var ((name, labels), value) in group)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name}{labels} {value.ToString("R", CultureInfo.InvariantCulture)}\n");
                }
            }
            return text.ToString();
        }
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct, IConvertible
    {
        var labels = tags.Length == 0 ? "" : "{" + string.Join(",", tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => $"{t.Key}=\"{Convert.ToString(t.Value, CultureInfo.InvariantCulture)?.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"")) + "}";
        var number = value.ToDouble(CultureInfo.InvariantCulture);
        if (instrument is Counter<long> or Counter<double>)
        {
            values.AddOrUpdate((instrument.Name, labels), number, (_, old) => old + number);
        }
        else
        {
            values[(instrument.Name, labels)] = number;
        }
    }

    public void Dispose() => listener.Dispose();
}
