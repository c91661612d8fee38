namespace SupportBot.Benchmarks;

/// <summary>Durations measured from many tasks at once; percentiles by the nearest-rank method.</summary>
public sealed class Latencies
{
    private readonly List<TimeSpan> samples = [];
    private readonly Lock gate = new();

    public void Add(TimeSpan sample)
    {
        lock (gate)
        {
            samples.Add(sample);
        }
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return samples.Count;
            }
        }
    }

    /// <summary>The sample at or below which <paramref name="percent"/>% of the samples lie (nearest rank).</summary>
    public TimeSpan Percentile(double percent)
    {
        lock (gate)
        {
            if (samples.Count == 0)
            {
                throw new InvalidOperationException("No samples.");
            }
            samples.Sort();
            var rank = (int)Math.Ceiling(percent / 100 * samples.Count);
            return samples[Math.Clamp(rank, 1, samples.Count) - 1];
        }
    }

    public TimeSpan P50 => Percentile(50);

    public TimeSpan P99 => Percentile(99);

    public TimeSpan Max => Percentile(100);

    public TimeSpan Min => Percentile(0);
}
