using NodaTime;
using SupportBot.Core.Engine;
using SupportBot.Core.Policy;

namespace SupportBot.Core.Reports;

/// <summary>The KPIs from the case logs (DESIGN §11): pure, so the dashboard, the report and the command line agree.</summary>
public static class KpiCalculator
{
    /// <summary>
    /// The KPIs of the cases among <paramref name="cases"/> opened in <paramref name="period"/> (others are
    /// ignored, so a caller may pass more), as of <paramref name="asOf"/>: a target not yet due then is
    /// left out of attainment rather than counted as missed. Cases of a severity the policy no longer
    /// has are listed in <see cref="Kpis.NotMeasured"/> instead.
    /// </summary>
    public static Kpis Compute(SupportPolicy policy, IEnumerable<CaseHistory> cases, ReportPeriod period, Instant asOf)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(period);
        var inPeriod = cases.Where(h => period.Contains(h.Case.OpenedAt))
            .OrderBy(h => h.Case.OpenedAt).ThenBy(h => h.Case.Number, StringComparer.Ordinal)
            .ToList();
        // A severity since removed from the policy has no clocks to measure the case by.
        var known = policy.Severities.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var measured = inPeriod.Where(h => known.Contains(h.Case.SeverityId)).Select(h => CaseMeasure.Of(policy, h, asOf)).ToList();
        var skipped = inPeriod.Where(h => !known.Contains(h.Case.SeverityId)).Select(h => h.Case).ToList();
        var bySeverity = policy.Severities
            .Select(s => new GroupFigures(GroupFigures.Severity, s.Id, s.Name, Figures.Of([.. measured.Where(m => m.Case.SeverityId == s.Id)])))
            .ToList();
        var titles = new CardData(policy);
        return new Kpis(period, asOf, Figures.Of(measured), bySeverity,
            Groups(measured, GroupFigures.Region, m => m.Case.Region, v => titles.OptionTitle("region", v)),
            Groups(measured, GroupFigures.Category, m => m.Case.Category, v => titles.OptionTitle("category", v)),
            measured)
        {
            NotMeasured = skipped,
        };
    }

    private static List<GroupFigures> Groups(List<CaseMeasure> measured, string group, Func<CaseMeasure, string?> key, Func<string, string> title) =>
        [.. measured.GroupBy(m => key(m) ?? "")
            .Select(g => new GroupFigures(group, g.Key, g.Key.Length == 0 ? GroupFigures.NotGiven : title(g.Key), Figures.Of([.. g])))
            .OrderByDescending(g => g.Figures.Cases)
            .ThenBy(g => g.Name, StringComparer.Ordinal)];
}
