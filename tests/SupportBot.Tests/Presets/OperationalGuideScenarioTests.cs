using SupportBot.Core.Policy;

namespace SupportBot.Tests.Presets;

/// <summary>
/// The default preset against its seed (001, "Customer Service for iPass: Expert Operational Guide"):
/// each row quotes the sentence it checks. Nobody acknowledges, so every escalation step shows.
/// The L2 rota changes hands on Mondays at 09:00 London (l2-1 the week of 23 Nov 2026, l2-2 the next,
/// l2-2 again over Christmas by override); managers follow the sun (Los Angeles, London, Singapore, 09-17 on weekdays),
/// and at weekends the duty manager of the week's rota takes over (manager-2 the week of 23 Nov).
/// </summary>
public sealed class OperationalGuideScenarioTests
{
    public const string SeedFile = "001_13a5a00be6c08094.txt";

    private static readonly Lazy<SupportPolicy> Preset = new(() => PresetScenarios.Load("operational-guide"));

    private const string Global = "impact=global";

    public static TheoryData<PresetScenario> Scenarios() =>
    [
        new("Severity 1 (global outage) — initial response 15 minutes", "2026-11-24 10:00 Europe/London",
            $"category=connectivity; {Global}; region=emea", "sev1", "global outage",
            "10:15", "10:30", "14:00", "10:30 L1 l2-1; 12:00 L2 l3-1; 14:00 L3 manager-2"),
        new("continuous updates every 30–60 minutes, target resolution 4 hours", "2026-11-24 16:20 Etc/UTC",
            $"category=authentication; {Global}; region=americas", "sev1", "global outage",
            "16:35", "16:50", "20:20", "16:50 L1 l2-1; 18:20 L2 l3-1; 20:20 L3 manager-1"),
        new("escalate to L2 if logs show RADIUS/AAA errors, certificate issues, or regional provider outages within 30–60 minutes for Severity 1", "2026-12-01 22:00 Etc/UTC",
            $"category=roaming; {Global}; region=apac", "sev1", "global outage",
            "22:15", "22:30", "2026-12-02 02:00", "22:30 L1 l2-2; 2026-12-02 00:00 L2 l3-1; 2026-12-02 02:00 L3 manager-3"),
        new("escalate to L3 (network engineering) for cross‑region routing, peering, or certificate chain problems within 2 hours", "2026-11-28 09:00 Europe/London",
            $"category=captive-portal; {Global}; region=emea", "sev1", "global outage",
            "09:15", "09:30", "13:00", "09:30 L1 l2-1; 11:00 L2 l3-1; 13:00 L3 manager-2"),
        new("Maintain a published on‑call rota", "2026-12-24 10:00 Europe/London",
            $"category=connectivity; {Global}; region=emea", "sev1", "global outage",
            "10:15", "10:30", "14:00", "10:30 L1 l2-2; 12:00 L2 l3-1; 14:00 L3 manager-2"),
        new("a verified phone escalation line (staffed 24/7 for Severity 1 outages)", "2026-11-24 21:00 America/New_York",
            $"category=other; {Global}; region=americas", "sev1", "global outage",
            "21:15", "21:30", "2026-11-25 01:00", "21:30 L1 l2-1; 23:00 L2 l3-1; 2026-11-25 01:00 L3 manager-3"),
        new("Severity 2 (regional impact) — initial response 1 hour, updates every 2–4 hours, target resolution 24 hours", "2026-11-24 15:00 Etc/UTC",
            "category=roaming; impact=regional; region=emea", "sev2", "one region",
            "16:00", "17:00", "2026-11-25 15:00", "16:00 L1 l2-1; 16:30 L2 manager-2"),
        new("escalate to L2 if logs show RADIUS/AAA errors, certificate issues, or regional provider outages", "2026-11-29 23:30 Etc/UTC",
            "category=connectivity; impact=regional; region=apac", "sev2", "one region",
            "2026-11-30 00:30", "2026-11-30 01:30", "2026-11-30 23:30", "2026-11-30 00:30 L1 l2-1; 2026-11-30 01:00 L2 manager-3")
        { Note = "a regional provider outage is Severity 2" },
        new("Severity 2 (regional impact)", "2026-11-28 12:00 Etc/UTC",
            "category=authentication; impact=regional; region=americas", "sev2", "one region",
            "13:00", "14:00", "2026-11-29 12:00", "13:00 L1 l2-1; 13:30 L2 manager-2"),
        new("Severity 3 (single customer issue) — initial response 4 hours, target resolution 72 hours", "2026-11-24 10:00 Etc/UTC",
            "category=captive-portal; impact=single-customer; region=emea", "sev3", "one customer",
            "14:00", null, "2026-11-27 10:00", ""),
        new("structured relationship management for billing, onboarding, and contract queries", "2026-11-27 23:00 Asia/Singapore",
            "category=onboarding; region=apac", "sev3", "single customer issue",
            "2026-11-28 03:00", null, "2026-11-30 23:00", ""),
        new("Severity 4 (billing/feature requests) — initial response 24 hours, target resolution 7 business days", "2026-11-27 16:00 Etc/UTC",
            "category=billing; region=emea", "sev4", "billing",
            "2026-11-28 16:00", null, "2026-12-08 16:00", ""),
        new("support acknowledges within 3 business days; investigation completed within 10 business days", "2026-11-24 09:00 Etc/UTC",
            "category=billing; region=americas", "sev4", "billing",
            "2026-11-25 09:00", null, "2026-12-03 09:00", ""),
        // Reported on a Saturday: seven business days count from Monday 09:00, and end as Wednesday 9 Dec opens.
        new("Severity 4 (billing/feature requests)", "2026-11-28 10:00 Etc/UTC",
            "category=feature-request; region=emea", "sev4", "feature request",
            "2026-11-29 10:00", null, "2026-12-09 09:00", ""),
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Each_scenario_of_the_seed_gets_its_severity_clocks_and_pages(PresetScenario scenario) =>
        PresetScenarios.Check(Preset.Value, scenario);
}
