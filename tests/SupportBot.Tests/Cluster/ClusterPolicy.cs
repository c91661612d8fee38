namespace SupportBot.Tests.Cluster;

/// <summary>
/// A policy whose clocks run in seconds, so that the timers of a burst of reports all fall due within
/// ten seconds of real time: the on-call page 8 s after opening and response reminders at 8, 9 and 10 s
/// (fractions of a 20 s target) — four timers per case.
/// </summary>
public static class ClusterPolicy
{
    public const string Prefix = "CLU";
    public const string OnCall = "U0ONCALL";
    public const string TriageChannel = "helpdesk-triage";

    /// <summary>The timers each case gets, each to fire once.</summary>
    public static readonly string[] TimerKeys = ["ladder:1", "response:0.4", "response:0.45", "response:0.5"];

    public const string Yaml = $$"""
        policy: cluster-test
        title: Cluster test
        case_prefix: {{Prefix}}
        calendars:
          24x7: { always: true }
        severities:
          - { id: sev2, name: Severity 2, definition: Something is broken, response: 20s, resolution: 1d, calendar: 24x7, pages: true }
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

    public static string WriteTo(string folder)
    {
        var path = Path.Combine(folder, "cluster-policy.yml");
        File.WriteAllText(path, Yaml);
        return path;
    }
}
