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
        new(amount, 0, calendar, amount.ToString());

    public static SlaTarget Days(int workingDays, string? calendar = null) =>
        new(Duration.Zero, workingDays, calendar, $"{workingDays} working days");
}
