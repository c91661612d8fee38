namespace SupportBot.Benchmarks.Clicks;

/// <summary>
/// The policy of the clicks scenario: every case pages the on-call person one second after it opens,
/// so each case soon has both buttons to click (the triage card's Claim and the page's Acknowledge);
/// the response target and the page's acknowledgement timeout are far beyond the run, so no reminder
/// or further page is sent while the clicks are measured.
/// </summary>
public static class ClicksPolicy
{
    public const string Prefix = "CLK";
    public const string OnCall = "U0ONCALL";
    public const string TriageChannel = "helpdesk-triage";

    public const string Yaml = $$"""
        policy: clicks-benchmark
        title: Clicks benchmark
        case_prefix: {{Prefix}}
        calendars:
          24x7: { always: true }
        severities:
          - { id: sev2, name: Severity 2, definition: Something is broken, response: 4h, resolution: 5d, calendar: 24x7, pages: true }
        questions:
          - { id: title, text: Summarise the problem in one line., kind: text, required: true }
          - { id: description, text: What happened?, kind: multiline, required: true }
        default_severity: { severity: sev2, reason: Every report }
        escalation:
          - id: on-call
            severities: [sev2]
            levels:
              - { name: On call, trigger: { elapsed: 1s }, role: oncall, ack_timeout: 4h }
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
        var path = Path.Combine(folder, "clicks-policy.yml");
        File.WriteAllText(path, Yaml);
        return path;
    }
}
