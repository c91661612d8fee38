namespace SupportBot.Benchmarks;

/// <summary>A target and whether the figure met it, e.g. "≤ 100 ms" or "≥ 0.5× floor".</summary>
public sealed record Target(string Text, bool Met);

/// <summary>
/// One row of the table: what was measured, its value, and where there is one the floor's value for
/// the same measure in the same run (the ratio is SupportBot / floor).
/// </summary>
public sealed record Figure(string Scenario, string Store, string Measure, double Value, string Unit)
{
    public double? Floor { get; init; }

    public Target? Target { get; init; }

    public double? Ratio => Floor is { } floor && floor != 0 ? Value / floor : null;
}
