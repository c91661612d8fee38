namespace SupportBot.Benchmarks.Intake;

/// <summary>
/// The storm's policy: the two questions the Slack intake helper answers, one severity that pages,
/// and clocks long enough (response 4 h, page after 2 h) that every case sets its timers but none
/// falls due during the run: what is measured is intake, not the timer sweep.
/// </summary>
public static class IntakePolicy
{
    public const string Prefix = "INT";

    public const string Yaml = $$"""
        policy: intake-storm
        title: Intake storm
        case_prefix: {{Prefix}}
        calendars:
          24x7: { always: true }
        severities:
          - { id: sev2, name: Severity 2, definition: Something is broken, response: 4h, resolution: 3d, calendar: 24x7, pages: true }
        questions:
          - { id: title, text: Summarise the problem in one line., kind: text, required: true }
          - { id: description, text: What happened?, kind: multiline, required: true }
        default_severity: { severity: sev2, reason: Every report }
        escalation:
          - id: on-call
            severities: [sev2]
            levels:
              - { name: On call, trigger: { elapsed: 2h }, role: oncall, ack_timeout: 1h }
        contacts:
          people:
            - { id: oncall-1, name: On Call, zone: Etc/UTC, accounts: { slack: U0ONCALL, teams: "29:oncall" } }
          roles:
            - { id: oncall, members: [oncall-1] }
        reminders:
          response_fractions: [0.5, 0.8]
        """;

    public static string WriteTo(string folder)
    {
        var path = Path.Combine(folder, "intake-policy.yml");
        File.WriteAllText(path, Yaml);
        return path;
    }
}
