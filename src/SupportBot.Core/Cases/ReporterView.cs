namespace SupportBot.Core.Cases;

/// <summary>
/// What of a case's log a reporter may read (status, progress to date): what was done about their
/// problem. Internal entries (pages, snoozes, reminders, other reporters joining) stay with the desk.
/// </summary>
public static class ReporterView
{
    private static readonly HashSet<string> Visible = new(StringComparer.Ordinal)
    {
        "opened", "claimed", "taken-over", "severity-changed", "info-requested", "reporter-replied", "update-posted",
        "tier-escalated", "resolved", "reopened", "confirmed-fixed", "rated", "auto-closed", "resolved-at-first-contact",
    };

    public static bool Shows(CaseEvent e) => Visible.Contains(e.Type);
}
