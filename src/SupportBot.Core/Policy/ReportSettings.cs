using NodaTime;
using SupportBot.Core.Sla;

namespace SupportBot.Core.Policy;

/// <summary>KPI targets and the SLA credit rule (DESIGN §4 "reports").</summary>
public sealed record ReportSettings(KpiTargets Targets, SlaCreditRule? Credit);

public sealed record KpiTargets(
    Duration? FirstResponse,
    Duration? Mttr,
    double? FirstContactResolution,
    double? Csat,
    int? NpsLow,
    int? NpsHigh);

/// <summary>E.g. 5% of the monthly fee for an outage longer than 2 complete business days.</summary>
public sealed record SlaCreditRule(double PercentOfMonthlyFee, SlaTarget OutageLongerThan, IReadOnlyList<string> Severities);
