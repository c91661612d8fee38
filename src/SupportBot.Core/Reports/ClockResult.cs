namespace SupportBot.Core.Reports;

/// <summary>
/// How one SLA target of a case ended. <see cref="Undecided"/> is neither met nor missed (the target
/// is not due yet, the clock stopped in time without a result, or the severity has no such target) and is left
/// out of attainment.
/// </summary>
public enum ClockResult { Met, Missed, Undecided }

public static class ClockResults
{
    public static string Id(this ClockResult r) => r switch
    {
        ClockResult.Met => "met",
        ClockResult.Missed => "missed",
        ClockResult.Undecided => "undecided",
        _ => throw new ArgumentOutOfRangeException(nameof(r)),
    };
}
