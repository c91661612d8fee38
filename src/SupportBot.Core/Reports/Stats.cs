using NodaTime;

namespace SupportBot.Core.Reports;

/// <summary>
/// Count, mean, median and 90th percentile of some durations; all null when there are none. The median
/// of an even count is the mean of the two middle values; the 90th percentile is the nearest rank: the
/// smallest value with at least 90% of the values at or below it (the ⌈0.9·n⌉-th smallest).
/// </summary>
public sealed record DurationStats(int Count, Duration? Mean, Duration? Median, Duration? P90)
{
    public static readonly DurationStats None = new(0, null, null, null);

    public static DurationStats Of(IEnumerable<Duration> values)
    {
        var sorted = values.Order().ToList();
        var n = sorted.Count;
        if (n == 0)
        {
            return None;
        }
        var sum = sorted.Aggregate(Duration.Zero, (a, b) => a + b);
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        var p90 = sorted[(int)Math.Ceiling(0.9 * n) - 1];
        return new(n, sum / n, median, p90);
    }
}

/// <summary>Targets met out of those decided (met or missed); <see cref="Rate"/> is null when none was decided.</summary>
public sealed record Attainment(int Met, int Due)
{
    public double? Rate => Due == 0 ? null : (double)Met / Due;

    public static Attainment Of(IEnumerable<ClockResult> results)
    {
        var list = results.Where(r => r != ClockResult.Undecided).ToList();
        return new(list.Count(r => r == ClockResult.Met), list.Count);
    }
}

/// <summary><see cref="Count"/> of <see cref="Of"/>; <see cref="Rate"/> is null when <see cref="Of"/> is zero.</summary>
public sealed record Ratio(int Count, int Of)
{
    public double? Rate => Of == 0 ? null : (double)Count / Of;
}

/// <summary>Customer satisfaction: the reporters' 1–5 ratings (the latest each gave).</summary>
public sealed record Csat(int Count, double? Average)
{
    public static Csat Of(IEnumerable<int> ratings)
    {
        var list = ratings.ToList();
        return new(list.Count, list.Count == 0 ? null : list.Average());
    }
}

/// <summary>Pages sent (each level paged, repeats included) and how long acknowledged levels took to be acknowledged.</summary>
public sealed record PageStats(int Sent, DurationStats AckTime)
{
    public int Acknowledged => AckTime.Count;
}
