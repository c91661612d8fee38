using SupportBot.Core.Intake;

namespace SupportBot.Hosting;

/// <summary><c>SupportBot:Intake</c>: how many new reports one person may make in a while (<c>MaxReports</c> 0 turns the limit off).</summary>
public sealed class IntakeOptions
{
    public const string Section = "SupportBot:Intake";

    public int MaxReports { get; init; } = 5;

    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The limit, or an error that says what to set when the values make no sense.</summary>
    public IntakeRateLimit ToLimit() => MaxReports < 0 || Window < TimeSpan.Zero || (MaxReports > 0 && Window == TimeSpan.Zero)
        ? throw new InvalidOperationException(
            $"{Section}: MaxReports must be 0 (no limit) or more, and Window a positive time such as 00:10:00 (got {MaxReports} and {Window}).")
        : new IntakeRateLimit(MaxReports, NodaTime.Duration.FromTimeSpan(Window));
}
