using System.Globalization;
using System.Text;

namespace SupportBot.Benchmarks;

/// <summary>The figures as a Markdown table, the form docs/benchmarks.md keeps them in.</summary>
public static class Table
{
    public static string Render(IReadOnlyList<Figure> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var text = new StringBuilder();
        text.AppendLine("| Scenario | Store | Measure | SupportBot | Floor | Ratio | Target | Met |");
        text.AppendLine("|---|---|---|---:|---:|---:|---|---|");
        foreach (var f in figures)
        {
            var met = f.Target is null ? "" : f.Target.Met ? "yes" : "**no**";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {f.Scenario} | {f.Store} | {f.Measure} | {Format(f.Value, f.Unit)} | {(f.Floor is { } floor ? Format(floor, f.Unit) : "")} " +
                $"| {(f.Ratio is { } ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "")} | {f.Target?.Text} | {met} |");
        }
        return text.ToString();
    }

    private static string Format(double value, string unit)
    {
        var number = Math.Abs(value) >= 100 || value == Math.Floor(value)
            ? value.ToString("#,0", CultureInfo.InvariantCulture)
            : value.ToString("0.0#", CultureInfo.InvariantCulture);
        return unit.Length == 0 ? number : $"{number} {unit}";
    }
}
