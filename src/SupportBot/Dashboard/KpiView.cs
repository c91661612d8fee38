using NodaTime;
using SupportBot.Core.Reports;

namespace SupportBot.Dashboard;

/// <summary>
/// The KPI tiles of a period as JSON: durations in minutes (two decimals), rates as fractions (four
/// decimals), null where there was nothing to measure, the same rounding as the report exports.
/// </summary>
public sealed record KpiView(
    string Start, string End, string AsOf, int Cases, int Breached,
    StatsView FirstResponse, StatsView TimeToResolve, RatioView FirstContactResolution, CsatView Csat,
    IReadOnlyList<SeverityAttainment> Severities, PagesView Pages, CreditsView Credits)
{
    public static KpiView Of(Kpis k)
    {
        ArgumentNullException.ThrowIfNull(k);
        var t = k.Total;
        return new(QueueView.Iso(k.Period.Start), QueueView.Iso(k.Period.End), QueueView.Iso(k.AsOf), t.Cases, t.Breached,
            StatsView.Of(t.FirstResponse), StatsView.Of(t.TimeToResolve),
            new RatioView(t.FirstContactResolution.Count, t.FirstContactResolution.Of, Fraction(t.FirstContactResolution.Rate)),
            new CsatView(t.Csat.Count, Round(t.Csat.Average, 2)),
            [.. k.BySeverity.Select(s => new SeverityAttainment(s.Id, s.Name, s.Figures.Cases, RatioOf(s.Figures.Response), RatioOf(s.Figures.Resolution)))],
            new PagesView(t.Pages.Sent, t.Pages.Acknowledged, StatsView.Of(t.Pages.AckTime)),
            new CreditsView(t.Credits, t.CreditPercent, [.. k.Credits.Select(c => new CreditView(c.CaseNumber, c.Customer, c.SeverityId, c.Percent, c.Ongoing))]));
    }

    internal static double? Minutes(Duration? d) => Round(d?.TotalMinutes, 2);

    private static RatioView RatioOf(Attainment a) => new(a.Met, a.Due, Fraction(a.Rate));

    private static double? Fraction(double? f) => Round(f, 4);

    private static double? Round(double? value, int digits) => value is { } v ? Math.Round(v, digits) : null;
}

/// <summary>Count, mean (the MTTR for time to resolve), median and 90th percentile, in minutes.</summary>
public sealed record StatsView(int Count, double? MeanMinutes, double? MedianMinutes, double? P90Minutes)
{
    public static StatsView Of(DurationStats s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Count, KpiView.Minutes(s.Mean), KpiView.Minutes(s.Median), KpiView.Minutes(s.P90));
    }
}

/// <summary><see cref="Count"/> of <see cref="Of"/>; for SLA attainment, targets met of those decided.</summary>
public sealed record RatioView(int Count, int Of, double? Rate);

public sealed record CsatView(int Count, double? Average);

public sealed record SeverityAttainment(string Id, string Name, int Cases, RatioView Response, RatioView Resolution);

public sealed record PagesView(int Sent, int Acknowledged, StatsView AckTime);

public sealed record CreditsView(int Count, double Percent, IReadOnlyList<CreditView> Items);

public sealed record CreditView(string Case, string? Customer, string Severity, double Percent, bool Ongoing);
