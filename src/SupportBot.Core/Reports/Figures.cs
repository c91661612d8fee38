namespace SupportBot.Core.Reports;

/// <summary>
/// The KPIs of a set of cases (all of a period, or one severity, region or category of it).
/// <see cref="TimeToResolve"/>'s mean is the MTTR.
/// </summary>
public sealed record Figures(
    int Cases,
    DurationStats FirstResponse,
    DurationStats TimeToResolve,
    Attainment Response,
    Attainment Resolution,
    Ratio FirstContactResolution,
    Csat Csat,
    PageStats Pages,
    int Breached,
    int Credits,
    double CreditPercent)
{
    public static Figures Of(IReadOnlyCollection<CaseMeasure> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var resolved = cases.Where(c => c.FirstContactResolution is not null).ToList();
        var credits = cases.Select(c => c.Credit).OfType<SlaCredit>().ToList();
        return new Figures(
            cases.Count,
            DurationStats.Of(cases.Select(c => c.FirstResponse).OfType<NodaTime.Duration>()),
            DurationStats.Of(cases.Select(c => c.TimeToResolve).OfType<NodaTime.Duration>()),
            Attainment.Of(cases.Select(c => c.Response)),
            Attainment.Of(cases.Select(c => c.Resolution)),
            new Ratio(resolved.Count(c => c.FirstContactResolution == true), resolved.Count),
            Csat.Of(cases.Select(c => c.Rating).OfType<int>()),
            new PageStats(cases.Sum(c => c.Pages), DurationStats.Of(cases.SelectMany(c => c.AckTimes))),
            cases.Count(c => c.Breached),
            credits.Count,
            credits.Sum(c => c.Percent));
    }
}
