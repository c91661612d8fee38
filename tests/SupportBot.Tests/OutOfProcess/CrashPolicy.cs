namespace SupportBot.Tests.OutOfProcess;

/// <summary>
/// A policy whose clocks run in seconds, so that with the real clock the timers of cases opened just
/// before a kill fall due while the process is down: the on-call page 6 s after opening, the response
/// reminder at half of a 20 s target (10 s).
/// </summary>
public static class CrashPolicy
{
    public const string Prefix = "CRA";
    public const string OnCall = "U0ONCALL";
    public static readonly TimeSpan PageAfter = TimeSpan.FromSeconds(6);
    public static readonly TimeSpan ReminderAfter = TimeSpan.FromSeconds(10);

    public const string Yaml = $$"""
        policy: crash-test
        title: Crash test
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
              - { name: On call, trigger: { elapsed: 6s }, role: oncall, ack_timeout: 1h }
        contacts:
          people:
            - { id: oncall-1, name: On Call, zone: Etc/UTC, accounts: { slack: {{OnCall}} } }
          roles:
            - { id: oncall, members: [oncall-1] }
        reminders:
          response_fractions: [0.5]
        """;

    /// <summary>Writes the policy into <paramref name="folder"/> and returns its path.</summary>
    public static string WriteTo(string folder)
    {
        var path = Path.Combine(folder, "crash-policy.yml");
        File.WriteAllText(path, Yaml);
        return path;
    }
}
