namespace SupportBot.Core.Engine;

/// <summary>The desk's shared channels, each settable from chat with <c>set &lt;role&gt;</c>. Persisted as lower-case strings.</summary>
public enum DeskRole { Triage, Bridges, Managers, Admins }

public static class DeskRoles
{
    public static readonly IReadOnlyList<DeskRole> All = [DeskRole.Triage, DeskRole.Bridges, DeskRole.Managers, DeskRole.Admins];

    public static string Id(this DeskRole role) => role switch
    {
        DeskRole.Triage => "triage",
        DeskRole.Bridges => "bridges",
        DeskRole.Managers => "managers",
        DeskRole.Admins => "admins",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>The role a word names (any case), or null.</summary>
    public static DeskRole? Find(string word) => All.Cast<DeskRole?>().FirstOrDefault(r => string.Equals(r!.Value.Id(), word, StringComparison.OrdinalIgnoreCase));

    public static DeskRole Parse(string id) => Find(id) ?? throw new FormatException($"Unknown desk role '{id}'.");

    /// <summary>What a channel in this role is for, in words.</summary>
    public static string Purpose(this DeskRole role) => role switch
    {
        DeskRole.Triage => "the triage channel: each new case's card is posted here",
        DeskRole.Bridges => "the bridges channel: Severity 1 incident bridges are opened from here",
        DeskRole.Managers => "the managers' channel: reports and escalation news are posted here",
        DeskRole.Admins => "the admins' channel: the daily policy warnings (what would fail at 3 a.m.) are posted here",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };
}
