using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Policy;
using SupportBot.Core.Sla;

namespace SupportBot.Core.Reports;

/// <summary>
/// A credit due to a customer under the policy's SLA credit rule (e.g. 5% of the monthly fee for an
/// outage longer than 2 working days): one per case of a listed severity whose outage lasted longer.
/// </summary>
/// <param name="OutageEnd">The resolution (or closing); <see cref="CaseMeasure.AsOf"/> while the case is still open.</param>
public sealed record SlaCredit(string CaseNumber, string? Customer, string SeverityId, double Percent, Instant OpenedAt, Instant OutageEnd, bool Ongoing, Instant LongerThanFrom)
{
    /// <summary>
    /// The outage runs from opening to resolution, on the rule's calendar (else the severity's), and
    /// includes time waiting on the customer: the customer's service was down all along. It is longer
    /// than the threshold when it ends after the threshold counted from opening (e.g. the same time of
    /// day two working days later).
    /// </summary>
    public static SlaCredit? For(SupportPolicy policy, SeverityLevel severity, CaseRecord c, Instant asOf)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(severity);
        ArgumentNullException.ThrowIfNull(c);
        if (policy.Reports.Credit is not { } rule || !rule.Severities.Contains(severity.Id))
        {
            return null;
        }
        var calendar = CaseClocks.CalendarOf(policy, severity, rule.OutageLongerThan);
        var threshold = WorkingTime.Due(calendar, c.OpenedAt, rule.OutageLongerThan);
        var end = c.ResolvedAt ?? c.ClosedAt ?? asOf;
        return end > threshold
            ? new SlaCredit(c.Number, c.Customer, severity.Id, rule.PercentOfMonthlyFee, c.OpenedAt, end, c.ResolvedAt is null && c.ClosedAt is null, threshold)
            : null;
    }
}
