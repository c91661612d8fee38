using NodaTime;

namespace SupportBot.Core.Sla;

/// <summary>
/// A target such as "15m", "4h" (working time on the calendar) or "7 working days".
/// <paramref name="Calendar"/> names a calendar in the policy; null means the severity's calendar.
/// </summary>
public sealed record SlaTarget(Duration Amount, int WorkingDays, string? Calendar, string Text)
{
    public bool IsWorkingDays => WorkingDays > 0;

    public static SlaTarget Of(Duration amount, string? calendar = null) =>
        new(amount, 0, calendar, Words(amount));

    /// <summary>"15 minutes", "4 hours", "1 hour 30 minutes", "3 days": how a target reads on a card.</summary>
    public static string Words(Duration d)
    {
        static string Unit(long n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
        var seconds = (long)d.TotalSeconds;
        if (seconds % 60 != 0)
        {
            return Unit(seconds, "second");
        }
        var minutes = seconds / 60;
        if (minutes % (24 * 60) == 0 && minutes > 0)
        {
            return Unit(minutes / (24 * 60), "day");
        }
        if (minutes < 60)
        {
            return Unit(minutes, "minute");
        }
        return minutes % 60 == 0 ? Unit(minutes / 60, "hour") : $"{Unit(minutes / 60, "hour")} {Unit(minutes % 60, "minute")}";
    }

    public static SlaTarget Days(int workingDays, string? calendar = null) =>
        new(Duration.Zero, workingDays, calendar, $"{workingDays} working days");
}
