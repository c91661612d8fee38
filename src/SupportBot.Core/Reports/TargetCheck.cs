using SupportBot.Core.Policy;

namespace SupportBot.Core.Reports;

/// <summary>
/// One KPI against the policy's target. <see cref="Unit"/> is <c>minutes</c>, <c>fraction</c> or
/// <c>score</c>; <see cref="Met"/> is null when there was nothing to measure.
/// </summary>
public sealed record TargetCheck(string Id, string Name, string Unit, double? Actual, double Target, bool AtMost)
{
    public const string Minutes = "minutes";
    public const string Fraction = "fraction";
    public const string Score = "score";

    public bool? Met => Actual is not { } actual ? null : AtMost ? actual <= Target : actual >= Target;

    /// <summary>
    /// The targets the policy sets, each against the figure of all severities: the median first
    /// response, the mean time to resolve, the first contact resolution rate and the CSAT average.
    /// The policy's targets carry no severity, so a target meant for one severity reads against all.
    /// </summary>
    public static IReadOnlyList<TargetCheck> For(KpiTargets targets, Figures total)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(total);
        var checks = new List<TargetCheck>();
        if (targets.FirstResponse is { } response)
        {
            checks.Add(new("first_response", "First response (median)", Minutes, total.FirstResponse.Median?.TotalMinutes, response.TotalMinutes, AtMost: true));
        }
        if (targets.Mttr is { } mttr)
        {
            checks.Add(new("mttr", "Mean time to resolve", Minutes, total.TimeToResolve.Mean?.TotalMinutes, mttr.TotalMinutes, AtMost: true));
        }
        if (targets.FirstContactResolution is { } fcr)
        {
            checks.Add(new("first_contact_resolution", "First contact resolution", Fraction, total.FirstContactResolution.Rate, fcr, AtMost: false));
        }
        if (targets.Csat is { } csat)
        {
            checks.Add(new("csat", "CSAT (average of 1-5)", Score, total.Csat.Average, csat, AtMost: false));
        }
        return checks;
    }
}
