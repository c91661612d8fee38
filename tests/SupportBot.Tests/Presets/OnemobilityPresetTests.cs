using SupportBot.Core.Policy;

namespace SupportBot.Tests.Presets;

/// <summary>
/// The onemobility preset against its seed (002, 1Mobility "Support Requirements" and "Procedures &amp; Service
/// Levels"): each row quotes the sentence it checks. Times are India Standard Time; standard support is
/// Mon-Fri 08:00-18:00 without India's national holidays, Priority 1 runs 24/7, and a message on the emergency line
/// is answered within 30 minutes. Nobody acknowledges, so after the resolution time the Senior Product Manager,
/// the VP of Business and the CTO are paged an hour apart (30 minutes to acknowledge, asked twice).
/// </summary>
public sealed class OnemobilityPresetTests
{
    public const string SeedFile = "002_6563668cd1138a0d.txt";

    private static readonly Lazy<SupportPolicy> Preset = new(() => PresetScenarios.Load("onemobility"));

    private const string Urgent = "impact=unavailable";
    private const string High = "impact=limited";
    private const string Medium = "impact=minor";
    private const string Low = "impact=background";

    public static TheoryData<PresetScenario> Scenarios() =>
    [
        new("Within 2 hours, while commencing investigation of the issue immediately within 4 hours", "2026-11-24 10:00 Asia/Kolkata",
            $"category=product-defect; {Urgent}", "p1", "major server or applications failure",
            "12:00", null, "14:00", "14:00 L1 spm-1; 15:00 L2 vp-1; 16:00 L3 cto-1"),
        new("24/7 basis for those matters determined to be urgent", "2026-11-28 23:00 Asia/Kolkata",
            $"category=beyond-l1; {Urgent}", "p1", "Priority 1 (Urgent)",
            "2026-11-29 01:00", null, "2026-11-29 03:00", "2026-11-29 03:00 L1 spm-1; 2026-11-29 04:00 L2 vp-1; 2026-11-29 05:00 L3 cto-1"),
        new("Please leave a clear message with your contact details, and a support representative will contact you within 30 minutes.", "2026-11-24 10:00 Asia/Kolkata",
            $"category=product-defect; {Urgent}; emergency_line=yes", "p1", "Priority 1 (Urgent)",
            "10:30", null, "14:00", "14:00 L1 spm-1; 15:00 L2 vp-1; 16:00 L3 cto-1"),
        new("Please leave a clear message with your contact details, and a support representative will contact you within 30 minutes.", "2026-11-29 02:10 Asia/Kolkata",
            $"category=restrictions; {Urgent}; emergency_line=yes", "p1", "system or function is unavailable",
            "02:40", null, "06:10", "06:10 L1 spm-1; 07:10 L2 vp-1; 08:10 L3 cto-1")
        { Note = "a Sunday night: the emergency line is 24/7" },
        new("24/7 basis for those matters determined to be urgent", "2027-01-26 09:00 Asia/Kolkata",
            $"category=device-operation; {Urgent}", "p1", "system or function is unavailable",
            "11:00", null, "13:00", "13:00 L1 spm-1; 14:00 L2 vp-1; 15:00 L3 cto-1")
        { Note = "Republic Day" },
        new("If a call has not been resolved by the resolution time following people at 1Mobility can be contacted in the following order", "2026-12-01 19:30 Asia/Kolkata",
            $"category=restrictions; {Urgent}", "p1", "Priority 1",
            "21:30", null, "23:30", "23:30 L1 spm-1; 2026-12-02 00:30 L2 vp-1; 2026-12-02 01:30 L3 cto-1"),
        new("Within 2-4 hours within 2 working days", "2026-11-24 10:00 Asia/Kolkata",
            $"category=product-defect; {High}", "p2", "limited availability",
            "14:00", null, "2026-11-26 10:00", "2026-11-26 10:00 L1 spm-1; 2026-11-26 11:00 L2 vp-1; 2026-11-26 12:00 L3 cto-1"),
        new("8:00 am and 6:00 pm Indian Standard Time during normal business", "2026-11-24 16:00 Asia/Kolkata",
            $"category=access; {High}", "p2", "Priority 2 (High)",
            "2026-11-25 10:00", null, "2026-11-26 16:00", "2026-11-26 16:00 L1 spm-1; 2026-11-26 17:00 L2 vp-1; 2026-11-26 18:00 L3 cto-1"),
        new("during normal business, non-holiday days", "2026-11-24 07:00 Asia/Kolkata",
            $"category=mobile-apps; {High}", "p2", "some customer impact",
            "12:00", null, "2026-11-26 08:00", "2026-11-26 08:00 L1 spm-1; 2026-11-26 09:00 L2 vp-1; 2026-11-26 10:00 L3 cto-1")
        { Note = "a report before 8:00" },
        new("during normal business, non-holiday days", "2026-11-27 17:00 Asia/Kolkata",
            $"category=enrollment; {High}", "p2", "Priority 2",
            "2026-11-30 11:00", null, "2026-12-01 17:00", "2026-12-01 17:00 L1 spm-1; 2026-12-01 18:00 L2 vp-1; 2026-12-01 19:00 L3 cto-1")
        { Note = "a report on Friday evening" },
        new("during normal business, non-holiday days", "2026-11-28 10:00 Asia/Kolkata",
            $"category=device-features; {High}", "p2", "Priority 2",
            "2026-11-30 12:00", null, "2026-12-02 08:00", "2026-12-02 08:00 L1 spm-1; 2026-12-02 09:00 L2 vp-1; 2026-12-02 10:00 L3 cto-1")
        { Note = "a report on Saturday" },
        new("Minor function or service affected with minor impact and system still available/functional. Within 1 working day. within 7 working days", "2026-11-24 10:00 Asia/Kolkata",
            $"category=function-query; {Medium}", "p3", "minor function",
            "2026-11-25 10:00", null, "2026-12-03 10:00", "2026-12-03 10:00 L1 spm-1; 2026-12-03 11:00 L2 vp-1; 2026-12-03 12:00 L3 cto-1"),
        new("non-holiday days", "2026-10-01 15:00 Asia/Kolkata",
            $"category=end-user-other; {Medium}", "p3", "system is still available",
            "2026-10-05 15:00", null, "2026-10-13 15:00", "2026-10-13 15:00 L1 spm-1; 2026-10-13 16:00 L2 vp-1; 2026-10-13 17:00 L3 cto-1")
        { Note = "Gandhi Jayanti, Friday 2 October" },
        new("Lower priority background task. System and functionality are available. Within 2 working day Discussed and defined case by case", "2026-11-24 10:00 Asia/Kolkata",
            $"category=function-query; {Low}", "p4", "background task",
            "2026-11-26 10:00", null, PresetScenario.None, ""),
        new("non-holiday days", "2027-01-25 12:00 Asia/Kolkata",
            $"category=product-defect; {Low}", "p4", "Priority 4 (Low)",
            "2027-01-28 12:00", null, PresetScenario.None, "")
        { Note = "a Priority 4 over Republic Day, Tuesday 26 January" },
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Each_scenario_of_the_seed_gets_its_priority_clocks_and_pages(PresetScenario scenario) =>
        PresetScenarios.Check(Preset.Value, scenario);

    [Fact]
    public void Only_the_CEO_or_President_may_settle_whether_a_matter_is_urgent()
    {
        // "If there is a dispute as to whether a matter is urgent … escalate the matter to the respective CEOs/Presidents":
        // the engine lets only the managers role downgrade the top priority.
        var managers = Preset.Value.People.FindRole("managers")!;

        Assert.Equal(["ceo-1"], managers.Members);
        Assert.DoesNotContain(Preset.Value.People.FindRole("agents")!.Members, managers.Members.Contains);
    }

    [Fact]
    public void A_call_can_be_escalated_by_hand_only_once_its_resolution_time_has_passed()
    {
        // "If a call has not been resolved by the resolution time following people … can be contacted".
        foreach (var ladder in Preset.Value.Ladders)
        {
            var severity = Preset.Value.Severity(Assert.Single(ladder.Severities));
            Assert.Equal(severity.Resolution, ladder.Manual.NotBefore);
            Assert.Equal(["senior-product-manager", "vp-business", "cto"], ladder.Levels.Select(l => l.Role));
        }
        Assert.Equal(["p1", "p2", "p3"], Preset.Value.Ladders.SelectMany(l => l.Severities));
    }

    [Fact]
    public void An_L2_request_asks_for_everything_the_document_requires()
    {
        // "Device details - Troubleshooting logs, screenshots, video … - Steps followed to debug at L1 level" and
        // "Customer/Partner name, a description of the problem, … email address and telephone number".
        var required = Preset.Value.Questions.Where(q => q.Required).Select(q => q.Id);

        Assert.Equal(
            ["category", "impact", "customer", "title", "description", "device_details", "evidence", "l1_steps", "contact_email", "contact_phone"],
            required);
        Assert.Equal(
            ["enrollment", "access", "device-features", "mobile-apps", "end-user-other", "function-query"],
            Preset.Value.Deflections.Select(d => d.Category));
    }
}
