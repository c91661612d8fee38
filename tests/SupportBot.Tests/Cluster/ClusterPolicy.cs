namespace SupportBot.Tests.Cluster;

/// <summary>
/// A policy whose clocks run in seconds of working time, and whose working day starts at a minute the
/// test chooses: every case opened before then has its clocks start together, so the timers of the
/// whole burst fall due within the same few seconds however long the burst took — the on-call page
/// 8 s into working time and response reminders at 8, 9 and 10 s (fractions of a 20 s target), four
/// timers per case.
/// </summary>
public static class ClusterPolicy
{
    public const string Prefix = "CLU";
    public const string OnCall = "U0ONCALL";
    public const string TriageChannel = "helpdesk-triage";

    /// <summary>The timers each case gets, each to fire once.</summary>
    public static readonly string[] TimerKeys = ["ladder:1", "response:0.4", "response:0.45", "response:0.5"];

    public static string Yaml(TimeOnly opensAt) => $$"""
        policy: cluster-test
        title: Cluster test
        case_prefix: {{Prefix}}
        calendars:
          desk:
            zone: Etc/UTC
            hours: { mon-sun: "{{opensAt:HH\:mm}}-24:00" }
        severities:
          - { id: sev2, name: Severity 2, definition: Something is broken, response: 20s, resolution: 1d, calendar: desk, pages: true }
        questions:
          - { id: title, text: Summarise the problem in one line., kind: text, required: true }
          - { id: description, text: What happened?, kind: multiline, required: true }
        default_severity: { severity: sev2, reason: Every report }
        escalation:
          - id: on-call
            severities: [sev2]
            levels:
              - { name: On call, trigger: { elapsed: 8s }, role: oncall, ack_timeout: 1h }
        contacts:
          people:
            - { id: oncall-1, name: On Call, zone: Etc/UTC, accounts: { slack: {{OnCall}} } }
          roles:
            - { id: oncall, members: [oncall-1] }
        reminders:
          response_fractions: [0.4, 0.45, 0.5]
        """;

    public static string WriteTo(string folder, TimeOnly opensAt)
    {
        var path = Path.Combine(folder, "cluster-policy.yml");
        File.WriteAllText(path, Yaml(opensAt));
        return path;
    }
}
