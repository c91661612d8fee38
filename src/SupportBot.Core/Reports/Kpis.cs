using NodaTime;

namespace SupportBot.Core.Reports;

/// <summary>
/// The KPIs of the cases opened in <see cref="Period"/>, as of <see cref="AsOf"/>: in total, per
/// severity (every severity of the policy, most severe first), per region and per category (those
/// that occur, most cases first). Cases are counted in the period they were opened in, with whatever
/// happened to them up to <see cref="AsOf"/>.
/// </summary>
public sealed record Kpis(
    ReportPeriod Period,
    Instant AsOf,
    Figures Total,
    IReadOnlyList<GroupFigures> BySeverity,
    IReadOnlyList<GroupFigures> ByRegion,
    IReadOnlyList<GroupFigures> ByCategory,
    IReadOnlyList<CaseMeasure> Cases)
{
    public const int TopCategoryCount = 10;

    /// <summary>Cases opened in the period whose severity is not in the policy (it changed since): not in any figure.</summary>
    public IReadOnlyList<Cases.CaseRecord> NotMeasured { get; init; } = [];

    public IReadOnlyList<GroupFigures> TopCategories => [.. ByCategory.Take(TopCategoryCount)];

    public IReadOnlyList<SlaCredit> Credits => [.. Cases.Select(c => c.Credit).OfType<SlaCredit>()];

    /// <summary>Cases that missed their response or resolution target, in order of opening.</summary>
    public IReadOnlyList<CaseMeasure> Breaches => [.. Cases.Where(c => c.Breached)];
}

/// <summary>
/// The figures of one severity, region or category. <see cref="Id"/> is the policy's id (the answer's
/// value); empty for cases that gave no answer, named <see cref="NotGiven"/>.
/// </summary>
public sealed record GroupFigures(string Group, string Id, string Name, Figures Figures)
{
    public const string Severity = "severity";
    public const string Region = "region";
    public const string Category = "category";
    public const string NotGiven = "Not given";
}
