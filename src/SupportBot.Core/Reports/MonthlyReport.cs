using NodaTime;
using SupportBot.Core.Policy;

namespace SupportBot.Core.Reports;

/// <summary>
/// The monthly SLA report: the KPIs of the cases opened in one month (in the policy's display zone),
/// the policy's KPI targets, the per-severity table, the credits due and the breached cases.
/// </summary>
public sealed record MonthlyReport(YearMonth Month, string PolicyName, string PolicyTitle, Kpis Kpis, IReadOnlyList<TargetCheck> Targets)
{
    public string MonthId => ReportPeriod.MonthId(Month);

    public string MonthName => ReportPeriod.MonthName(Month);

    /// <summary>The NPS target, which the report cannot measure: reporters give a 1–5 rating, not a 0–10 recommendation.</summary>
    public (int Low, int High)? UnmeasuredNps { get; init; }

    public static MonthlyReport Build(SupportPolicy policy, YearMonth month, IEnumerable<CaseHistory> cases, Instant asOf)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var kpis = KpiCalculator.Compute(policy, cases, ReportPeriod.Month(month, policy.DisplayZone), asOf);
        var targets = policy.Reports.Targets;
        return new MonthlyReport(month, policy.Name, policy.Title, kpis, TargetCheck.For(targets, kpis.Total))
        {
            UnmeasuredNps = targets is { NpsLow: { } low, NpsHigh: { } high } ? (low, high) : null,
        };
    }

    /// <summary>The severity's name, for the lists that carry only its id.</summary>
    public string SeverityName(string id) => Kpis.BySeverity.FirstOrDefault(s => s.Id == id)?.Name ?? id;
}
