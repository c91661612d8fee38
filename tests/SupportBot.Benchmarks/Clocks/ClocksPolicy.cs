namespace SupportBot.Benchmarks.Clocks;

/// <summary>
/// The clock storm's policy: two severities on a 24x7 calendar, chosen by the impact answer. An
/// outage pages the on-call person 10 minutes after it was opened; its response reminders come at
/// 30 minutes and later. A single-person problem has a one-day response target, so its reminders
/// come hours after the run: its clocks run, and nothing of it falls due.
/// </summary>
public static class ClocksPolicy
{
    public const string Prefix = "CLK";
    public const string OnCall = "U0ONCALL";
    public const string TriageChannel = "helpdesk-triage";
    public const string Outage = "outage";
    public const string OnePerson = "single";

    /// <summary>How long after opening an outage pages; the storm's cases are opened this long before their second.</summary>
    public static readonly TimeSpan PageAfter = TimeSpan.FromMinutes(10);

    /// <summary>The page's timer key: the one each storm case fires.</summary>
    public const string PageTimerKey = "ladder:1";

    public const string Yaml = $$"""
        policy: clocks-benchmark
        title: Clock storm benchmark
        case_prefix: {{Prefix}}
        calendars:
          always: { always: true }
        severities:
          - { id: outage, name: Outage, definition: Everyone is affected, response: 1h, resolution: 1d, calendar: always, pages: true }
          - { id: single, name: Single user, definition: One person is affected, response: 1d, resolution: 7d, calendar: always }
        questions:
          - { id: impact, text: Who is affected?, kind: choice, required: true, options: [{{Outage}}, {{OnePerson}}] }
          - { id: title, text: Summarise the problem in one line., kind: text, required: true }
          - { id: description, text: What happened?, kind: multiline, required: true }
        severity_rules:
          - { when: { impact: {{Outage}} }, severity: outage, reason: Everyone is affected }
        default_severity: { severity: single, reason: One person is affected }
        escalation:
          - id: on-call
            severities: [outage]
            levels:
              - { name: On call, trigger: { elapsed: 10m }, role: oncall, ack_timeout: 1h }
        contacts:
          people:
            - { id: oncall-1, name: On Call, zone: Etc/UTC, accounts: { slack: {{OnCall}} } }
          roles:
            - { id: oncall, members: [oncall-1] }
        reminders:
          response_fractions: [0.5, 0.8, 1.0]
        """;

    public static string WriteTo(string folder)
    {
        var path = Path.Combine(folder, "clocks-policy.yml");
        File.WriteAllText(path, Yaml);
        return path;
    }
}
