using SupportBot.Core.Policy;

namespace SupportBot.Tests.Presets;

/// <summary>
/// The ipass-helpdesk preset against its seed (000, "Helpdesk to Helpdesk Support Process Guide"):
/// each row quotes the sentence it checks. The ladder is climbed by request only, so a row's
/// <c>Pages</c> (the timers alone) is always empty and its escalation steps are replayed with the
/// reporter's written requests. Escalation contacts follow the sun: London 10:00-18:00, Redwood
/// Shores 08:00-18:00, Bangalore 06:30-16:00, every day; in November that is 10-18, 16-02 and 01-10:30 UTC.
/// </summary>
public sealed class IpassHelpdeskPresetTests
{
    public const string SeedFile = "000_399bb6bce8f73947.txt";

    private static readonly Lazy<SupportPolicy> Preset = new(() => PresetScenarios.Load("ipass-helpdesk"));

    private const string None = PresetScenario.None;

    /// <summary>A row of the table, with the escalation requests and acknowledgements made and who they page.</summary>
    public sealed record Row(PresetScenario Scenario, string Actions, string Pages) : IQuotesSeed
    {
        public string Seed => Scenario.Seed;

        public override string ToString() => Scenario.ToString();
    }

    private static Row R(string seed, string at, string answers, string severity, string reason, string response, string? update, string resolution,
        string actions = "", string pages = "", string? note = null) =>
        new(new PresetScenario(seed, at, answers, severity, reason, response, update, resolution, "") { Note = note }, actions, pages);

    public static TheoryData<Row> Scenarios() =>
    [
        R("within fifteen (15) minutes (1 hour on weekends and local public holidays) after submitting a Severity One support case followed by a phone call", "2026-11-24 11:00 Europe/London",
            "category=hosted-authentication; phoned=yes; region=emea", "sev1", "Hosted Authentication Infrastructure",
            "11:15", "12:00", None,
            "11:30 escalate", "11:30 L1 manager-emea; 12:00 L2 director-1", note: "a weekday"),
        R("1 hour on weekends", "2026-11-28 11:00 Europe/London",
            "category=roamserver; phoned=yes; region=emea", "sev1", "RoamServer is down",
            "12:00", "12:00", None,
            "11:20 escalate; 11:25 ack; 12:30 escalate", "11:20 L1 manager-emea; 12:30 L2 director-1", note: "a Saturday"),
        R("local public holidays", "2026-11-26 10:30 America/Los_Angeles",
            "category=hosted-user-services; phoned=yes; region=americas", "sev1", "Hosted User Services",
            "11:30", "11:30", None,
            "11:00 escalate", "11:00 L1 manager-americas; 11:30 L2 director-1", note: "Thanksgiving in the Americas"),
        R("local public holidays", "2026-12-28 10:00 Europe/London",
            "category=hosted-authentication; phoned=yes; region=emea", "sev1", "Hosted Authentication",
            "11:00", "11:00", None, note: "a UK bank holiday slows the London helpdesk's phone response"),
        R("local public holidays", "2026-12-28 09:00 America/Los_Angeles",
            "category=hosted-authentication; phoned=yes; region=americas", "sev1", "Hosted Authentication",
            "09:15", "10:00", None, note: "the same day is a working day in the Americas"),
        R("local public holidays", "2027-01-26 10:00 Asia/Kolkata",
            "category=roamserver; phoned=yes; region=apac", "sev1", "RoamServer",
            "11:00", "11:00", None, note: "Republic Day in India"),
        R("Severity One issues reported via a support case only will be responded to within 1 hour", "2026-11-24 14:00 Asia/Kolkata",
            "category=restricted-countries; phoned=no; region=apac", "sev1", "restricted access countries",
            "15:00", "15:00", None,
            "14:30 escalate", "14:30 L1 manager-apac; 15:00 L2 director-1"),
        R("other problems that prevent ALL customer's users from connecting", "2026-11-25 20:00 America/Los_Angeles",
            "category=access-points; impact=all-users; phoned=yes; region=americas", "sev1", "ALL of the customer's users",
            "20:15", "21:00", None,
            "20:30 escalate; 20:35 ack; 21:30 escalate", "20:30 L1 manager-apac; 21:30 L2 director-1"),
        R("User community is experiencing difficulty connecting to one or more remote Access Points", "2026-11-24 09:00 Europe/London",
            "category=access-points; impact=user-community; region=emea", "sev2", "difficulty connecting",
            "17:00", null, None,
            "12:00 escalate", "12:00 L1 manager-emea; 12:30 L2 director-1", note: "a response within 8 hours"),
        R("All configuration change requests MUST be in writing.", "2026-11-27 13:00 America/Los_Angeles",
            "category=configuration; change_request=Add realm example.net to the RoamServer; region=americas", "sev2", "configuration request",
            "21:00", null, None,
            "14:00 escalate; 14:05 ack; 15:00 escalate", "14:00 L1 manager-americas; 15:00 L2 director-1", note: "a RoamServer configuration request"),
        R("Problems with daily Call Detail Records", "2026-11-24 08:00 Asia/Kolkata",
            "category=call-detail-records; region=apac", "sev2", "Call Detail Records",
            "16:00", null, None),
        R("User community is experiencing difficulty deploying the Open Mobile software.", "2026-11-29 22:00 Europe/London",
            "category=deployment; impact=user-community; region=emea", "sev2", "deploying the software",
            "2026-11-30 06:00", null, None,
            "23:00 escalate", "23:00 L1 manager-americas; 23:30 L2 director-1", note: "on a Sunday night: support is 24 x 7 x 365"),
        R("Problems that affect a limited number of user community", "2026-11-24 10:00 Europe/London",
            "category=access-points; impact=limited; phoned=yes; region=emea", "sev3", "limited number of users",
            "22:00", null, None, note: "a response within 12 hours"),
        R("any question or service request", "2026-11-24 16:00 America/Los_Angeles",
            "category=question; region=americas", "sev3", "question or service request",
            "2026-11-25 04:00", null, None,
            "16:30 escalate", "16:30 L1 manager-americas; 17:00 L2 director-1"),
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Each_scenario_of_the_seed_gets_its_severity_clocks_and_escalation_contacts(Row row)
    {
        PresetScenarios.Check(Preset.Value, row.Scenario);
        ManualEscalationReplay.Check(Preset.Value, row.Scenario, row.Actions, row.Pages);
    }

    [Fact]
    public void Severity_1_is_queued_first_then_the_rest_by_severity()
    {
        // "Severity 1 cases will be handled first and all other levels will be placed in queue to be handled in order of receipt by severity."
        Assert.Equal(["sev1", "sev2", "sev3"], Preset.Value.Severities.Select(s => s.Id));
    }

    [Fact]
    public void A_written_escalation_must_state_the_description_progress_impact_and_reason()
    {
        // "Written documentation should detail the original case number(s), the issue description and progress to date.
        // It should also include impact to the customer and reason for the escalation."
        var ladder = Assert.Single(Preset.Value.Ladders);
        Assert.Equal(["sev1", "sev2", "sev3"], ladder.Severities);
        Assert.Equal(["description", "progress", "impact", "reason"], ladder.Manual.RequiredFields);
        Assert.Equal(["managers", "director"], ladder.Levels.Select(l => l.Role));
    }

    [Fact]
    public void The_preset_names_only_example_people()
    {
        var people = Preset.Value.People.People;
        Assert.All(people, p => Assert.EndsWith("@example.com", p.Email, StringComparison.Ordinal));
        Assert.All(people, p => Assert.StartsWith("Example ", p.Name, StringComparison.Ordinal));
    }
}
