using NodaTime;

namespace SupportBot.Core.Intake;

/// <summary>
/// At most <see cref="MaxReports"/> new reports per person within <see cref="Window"/>: one person (or a
/// script using their account) cannot flood triage. Zero switches it off.
/// </summary>
public sealed record IntakeRateLimit(int MaxReports, Duration Window)
{
    public static readonly IntakeRateLimit Off = new(0, Duration.Zero);

    public bool IsOn => MaxReports > 0 && Window > Duration.Zero;
}
