using SupportBot.Core.Escalation;
using SupportBot.Core.Policy;

namespace SupportBot.Tests.Presets;

/// <summary>
/// The bluip preset against its seed (003, "BluIP Partner Support Policies and Procedures and
/// Escalation List"): each row quotes the sentence it checks. Nobody acknowledges, so every time
/// frame of the escalation path shows: 1st level at 4 hours, 2nd at 8, 3rd at 10, 4th at 12.
/// </summary>
public sealed class BluipPresetTests
{
    public const string SeedFile = "003_c05cd6aa9fe3c451.txt";

    private static readonly Lazy<SupportPolicy> Preset = new(() => PresetScenarios.Load("bluip"));

    private const string None = PresetScenario.None;

    private const string Path9 = "13:00 L1 escalation-contact-1; 17:00 L2 escalation-contact-2; 19:00 L3 escalation-contact-3; 21:00 L4 escalation-contact-4";

    public static TheoryData<PresetScenario> Scenarios() =>
    [
        new("you should receive a response within 1 hour of the case being opened", "2026-11-24 09:00 America/Chicago",
            "category=call-processing; users_affected=small; workaround=no; mission_critical=no", "tier2", "small group of users",
            "10:00", null, None, Path9),
        new("System performance is degraded, but still able to handle load", "2026-11-28 22:00 America/Chicago",
            "category=performance; users_affected=none; workaround=yes; mission_critical=no", "tier2", "performance is degraded",
            "23:00", null, None,
            "2026-11-29 02:00 L1 escalation-contact-1; 2026-11-29 06:00 L2 escalation-contact-2; 2026-11-29 08:00 L3 escalation-contact-3; 2026-11-29 10:00 L4 escalation-contact-4"),
        new("Loss of any administrative, maintenance, or diagnostic capability", "2026-11-24 09:00 America/Chicago",
            "category=admin-capability; users_affected=none; workaround=yes; mission_critical=no", "tier2", "diagnostic capability",
            "10:00", null, None, Path9),
        new("There is no reasonable work-around", "2026-11-25 14:30 America/Chicago",
            "category=other; users_affected=none; workaround=no; mission_critical=no", "tier2", "no reasonable work-around",
            "15:30", null, None,
            "18:30 L1 escalation-contact-1; 22:30 L2 escalation-contact-2; 2026-11-26 00:30 L3 escalation-contact-3; 2026-11-26 02:30 L4 escalation-contact-4"),
        new("There are call processing issues with a small group of users (<10% of users)", "2026-11-24 09:00 America/Chicago",
            "category=call-processing; users_affected=small; workaround=yes; mission_critical=yes", "tier2", "small group of users",
            "10:00", null, None, Path9)
        { Note = "a work-around keeps it Tier II" },
        new("If a solution cannot be determined you can be escalated to Tier II", "2026-11-24 09:00 America/Chicago",
            "category=password", "tier2", "could not resolve it",
            "10:00", null, None, Path9),
        new("Call processing is down for a large group of users (>10% of users)", "2026-11-24 09:00 America/Chicago",
            "category=call-processing; users_affected=large; workaround=no; mission_critical=no", "tier3", "large group of users (>10%)",
            "10:00", null, None, Path9),
        new("Mission critical operations are severely impacted and there is no work-around", "2026-11-24 09:00 America/Chicago",
            "category=other; users_affected=none; workaround=no; mission_critical=yes", "tier3", "mission critical operations",
            "10:00", null, None, Path9),
        new("Emergency calls (911/112/999) are not reliability working", "2026-11-24 09:00 America/Chicago",
            "category=emergency-calls; users_affected=small; workaround=yes; mission_critical=no", "tier3", "emergency calls",
            "10:00", null, None, Path9),
        new("Carrier Outages Providers: Level3, Level3/GX,Quest/Centurylink, 360 Networks, Intrado, Megapath", "2026-11-24 09:00 America/Chicago",
            "category=carrier-outage; carrier=Level3; users_affected=small; workaround=yes; mission_critical=no", "tier3", "carrier outage",
            "10:00", null, None, Path9),
        new("Problems that severely affect call processing service, traffic, or billing", "2026-11-24 09:00 America/Chicago",
            "category=billing; users_affected=customer-down; workaround=no; mission_critical=yes", "tier3", "customer is down",
            "10:00", null, None, Path9)
        { Note = "billing, and the customer is down" },
        new("require immediate corrective action (24x7)", "2026-11-29 03:00 America/Chicago",
            "category=call-processing; users_affected=customer-down; workaround=no; mission_critical=yes", "tier3", "customer is down",
            "04:00", null, None,
            "07:00 L1 escalation-contact-1; 11:00 L2 escalation-contact-2; 13:00 L3 escalation-contact-3; 15:00 L4 escalation-contact-4"),
        new("Time Frame (12+ Hours): 4th Level Escalation", "2026-11-27 20:00 America/Chicago",
            "category=emergency-calls; users_affected=large; workaround=no; mission_critical=yes", "tier3", "emergency calls",
            "21:00", null, None,
            "2026-11-28 00:00 L1 escalation-contact-1; 2026-11-28 04:00 L2 escalation-contact-2; 2026-11-28 06:00 L3 escalation-contact-3; 2026-11-28 08:00 L4 escalation-contact-4")
        { Note = "across midnight and a weekend" },
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Each_scenario_of_the_seed_gets_its_tier_clocks_and_pages(PresetScenario scenario) =>
        PresetScenarios.Check(Preset.Value, scenario);

    [Fact]
    public void Tier_I_problems_show_the_partners_suggested_actions_instead_of_opening_a_ticket()
    {
        // "Partner Responsible for All Tier 1 Support Cases. These events DO NOT warrant tickets opened with BluIP Support."
        var policy = Preset.Value;
        Assert.Equal(["password", "call-control", "registration", "broadsoft-admin"], policy.Deflections.Select(d => d.Category));
        Assert.All(policy.Deflections, d => Assert.Contains(d.Steps, s => s.Contains("Professional Service", StringComparison.Ordinal)));
        Assert.Equal(["tier3", "tier2"], policy.Severities.Select(s => s.Id));
    }

    [Fact]
    public void Tickets_cannot_be_escalated_by_hand_only_by_their_time_frames()
    {
        // "Time Frame (0-4 Hours): Tickets cannot be escalated."
        var ladder = Assert.Single(Preset.Value.Ladders);
        Assert.False(ladder.Manual.Allowed);
        Assert.Contains("first 4 hours", ladder.Manual.RefusalReason, StringComparison.Ordinal);
        Assert.All(ladder.Levels, l => Assert.Equal(TriggerKind.Elapsed, l.Trigger.Kind));
    }

    [Fact]
    public void The_preset_names_only_example_people()
    {
        var people = Preset.Value.People.People;
        Assert.All(people, p => Assert.EndsWith("@example.com", p.Email, StringComparison.Ordinal));
        Assert.All(people, p => Assert.StartsWith("Example ", p.Name, StringComparison.Ordinal));
    }
}
