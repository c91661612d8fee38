using SupportBot.Core.Policy;

namespace SupportBot.Tests.Presets;

/// <summary>
/// The bicom preset against its seed (004, Bicom Systems "Support &amp; Escalation Procedures"): each row quotes
/// the sentence it checks. Times are CET (Europe/Berlin). The hours of business are Mon 00-24, Tue-Thu 00-06 and
/// 07-24, Fri 00-06 and 07-22, Sun 23-24; emergency cover adds the weekend. Nobody acknowledges, so an emergency
/// pages the engineer on duty, then the Support Manager 30 minutes later, then the Customer Service Manager.
/// A second table resolves tickets with each of the support charter's outcomes, and a critical bug's raised bug
/// with its 24-hour patch.
/// </summary>
public sealed class BicomPresetTests
{
    public const string SeedFile = "004_05fa534e9970cb9b.txt";

    private static readonly Lazy<SupportPolicy> Preset = new(() => PresetScenarios.Load("bicom"));

    private const string None = PresetScenario.None;
    private const string Emergency = "category=system-problem; product=PBXware; calls_failing=half-or-more; ports_open=yes";

    public static TheoryData<PresetScenario> Scenarios() =>
    [
        new("Please limit to matters where 50% of calls or more are unable to pass on the system", "2026-11-24 10:00 Europe/Berlin",
            Emergency, "emergency", "50% of calls or more",
            "11:00", null, None, "10:01 L1 engineer-1; 10:31 L2 support-manager-1; 11:01 L3 csm-1"),
        new("Weekends: \"On-call\" engineer (guarantees reply for EMERGENCY and URGENT tickets within 1 hour)", "2026-11-28 14:00 Europe/Berlin",
            Emergency, "emergency", "Emergency",
            "15:00", null, None, "14:01 L1 oncall-1; 14:31 L2 support-manager-1; 15:01 L3 csm-1"),
        new("Sunday – Monday: from 5 PM EST / 8 AM AEST - 1 AM EST / 4 PM AEST", "2026-11-29 23:30 Europe/Berlin",
            Emergency, "emergency", "Emergency",
            "2026-11-30 00:30", null, None, "23:31 L1 engineer-2; 2026-11-30 00:01 L2 support-manager-1; 2026-11-30 00:31 L3 csm-1"),
        new("Monday - Thursday: 7 AM CET / 2 AM EST – 6 AM CET / 1 AM EST", "2026-11-24 06:15 Europe/Berlin",
            Emergency, "emergency", "Emergency",
            "08:00", null, None, "07:01 L1 engineer-1; 07:31 L2 support-manager-1; 08:01 L3 csm-1"),
        new("Fridays: 7 AM CET / 2 AM EST – 10 PM CET / 5 PM EST", "2026-11-27 23:00 Europe/Berlin",
            Emergency, "emergency", "Emergency",
            "2026-11-28 01:00", null, None, "2026-11-28 00:01 L1 oncall-1; 2026-11-28 00:31 L2 support-manager-1; 2026-11-28 01:01 L3 csm-1")
        { Note = "an emergency after 10 PM waits for the weekend on-call" },
        new("the issue was raised for a non-emergency issue", "2026-11-24 10:00 Europe/Berlin",
            "category=system-problem; product=SERVERware; calls_failing=some; ports_open=yes", "standard", "fewer than half",
            "2026-11-25 11:00", null, None, "")
        { Note = "fewer than half of the calls fail" },
        new("Tickets will be replied to within 24 hours on business days.", "2026-11-27 15:00 Europe/Berlin",
            "category=question; product=PBXware", "standard", "within 24 hours on business days",
            "2026-11-30 16:00", null, None, "")
        { Note = "Friday afternoon" },
        new("Tickets will be replied to within 24 hours on business days.", "2026-11-28 12:00 Europe/Berlin",
            "category=feature-request; product=desktop-mobile", "standard", "Standard ticket",
            "2026-11-30 23:00", null, None, "")
        { Note = "Saturday" },
        new("A patch will be provided for critical bugs within 24 hours", "2026-11-24 10:00 Europe/Berlin",
            "category=bug; product=PBXware; calls_failing=none; critical_bug=yes; ports_open=yes", "critical-bug", "patch will be provided within 24 hours",
            "2026-11-25 11:00", null, "2026-11-25 10:00", ""),
        new("A patch will be provided for critical bugs within 24 hours.", "2026-11-27 21:00 Europe/Berlin",
            "category=bug; product=SIPProt; calls_failing=none; critical_bug=yes; ports_open=no", "critical-bug", "Critical bug",
            "2026-11-30 22:00", null, "2026-11-28 21:00", "")
        { Note = "over the weekend" },
        new("Matter is raised as a bug in the bug tracker and an indication of resolution is provided", "2026-11-24 20:00 Europe/Berlin",
            "category=bug; product=TELCOware; calls_failing=none; critical_bug=no; ports_open=yes", "standard", "within 24 hours on business days",
            "2026-11-25 21:00", null, None, ""),
        new("Please limit to matters where 50% of calls or more are unable to pass on the system.", "2026-11-26 09:00 Europe/Berlin",
            "category=bug; product=PBXware; calls_failing=half-or-more; critical_bug=yes; ports_open=yes", "emergency", "unable to pass",
            "10:00", null, None, "09:01 L1 engineer-1; 09:31 L2 support-manager-1; 10:01 L3 csm-1")
        { Note = "a critical bug that stops the calls is an emergency" },
        new("Monday - Thursday: 7 AM CET / 2 AM EST – 6 AM CET / 1 AM EST", "2026-11-30 09:00 Europe/Berlin",
            "category=maintenance; product=BRM", "standard", "Standard ticket",
            "2026-12-01 10:00", null, None, "")
        { Note = "a Monday ticket" },
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Each_scenario_of_the_seed_gets_its_severity_clocks_and_pages(PresetScenario scenario) =>
        PresetScenarios.Check(Preset.Value, scenario);

    /// <summary>
    /// A ticket reported at <c>At</c>, resolved by an engineer at <c>ResolveAt</c> (local times) with one of the
    /// support charter's outcomes. <c>Expected</c> is <c>"resolved: words of the case log's entry"</c> or
    /// <c>"refused FIELD: words of the error"</c>.
    /// </summary>
    public sealed record OutcomeRow(string Seed, string At, string Answers, string ResolveAt, string Outcome, string Detail, string FixDate, string Expected)
        : IQuotesSeed
    {
        public string? Note { get; init; }

        public override string ToString() => $"\"{Seed}\"{(Note is null ? "" : $" ({Note})")}: {Outcome} at {ResolveAt}";
    }

    private const string Question = "category=question; product=PBXware";
    private const string Bug = "category=bug; product=PBXware; calls_failing=none; critical_bug=no; ports_open=yes";
    private const string CriticalBug = "category=bug; product=PBXware; calls_failing=none; critical_bug=yes; ports_open=yes";

    public static TheoryData<OutcomeRow> Outcomes() =>
    [
        new("Customer is satisfied with the matter", "2026-11-24 10:00 Europe/Berlin",
            Question, "11:30", "fixed", "", "", "resolved: resolved the case: Fixed."),
        new("Matter is explained as not being possible and why", "2026-11-24 10:00 Europe/Berlin",
            Question, "11:30", "not-possible", "", "", "refused detail: Say why it is not possible."),
        new("Matter is explained as not being possible and why", "2026-11-24 10:00 Europe/Berlin",
            Question, "11:30", "not-possible", "The system cannot record calls of a third-party PBX.", "", "resolved: Not possible"),
        new("Matter is defined as being a feature request for the Road Map", "2026-11-24 10:00 Europe/Berlin",
            "category=feature-request; product=desktop-mobile", "2026-11-25 09:00", "feature-roadmap", "", "", "resolved: Feature request for the roadmap"),
        new("Matter is defined as being a feature request that the customer would like to speak to the Account Manager about to escalate", "2026-11-24 10:00 Europe/Berlin",
            "category=feature-request; product=BRM", "2026-11-25 09:00", "feature-account-manager", "", "", "resolved: Feature request for the account manager"),
        new("Matter is raised as a bug in the bug tracker and an indication of resolution is provided.", "2026-11-24 10:00 Europe/Berlin",
            Bug, "16:00", "bug-raised", "BUG-4711", "2026-12-15", "resolved: Bug raised"),
        new("Matter is raised as a bug in the bug tracker and an indication of resolution is provided.", "2026-11-24 10:00 Europe/Berlin",
            Bug, "16:00", "bug-raised", "BUG-4711", "", "refused fixDate: Give the expected fix date as YYYY-MM-DD."),
        new("A patch will be provided for critical bugs within 24 hours.", "2026-11-24 10:00 Europe/Berlin",
            CriticalBug, "14:00", "bug-raised", "BUG-4712", "2026-11-25", "resolved: Bug raised. The patch is on its way. Patch due by Wed 25 Nov 14:00 CET."),
        new("A patch will be provided for critical bugs within 24 hours.", "2026-11-24 10:00 Europe/Berlin",
            CriticalBug, "14:00", "bug-raised", "BUG-4712", "2026-11-27",
            "refused fixDate: Critical bug promises a patch within 1 day, by Wed 25 Nov 14:00 CET: give a fix date no later than 2026-11-25."),
        new("A patch will be provided for critical bugs within 24 hours.", "2026-11-27 21:00 Europe/Berlin",
            CriticalBug, "23:30", "bug-raised", "BUG-4713", "2026-11-30",
            "refused fixDate: by Sat 28 Nov 23:30 CET: give a fix date no later than 2026-11-28.")
        { Note = "raised late on Friday: the 24 hours run through the weekend" },
        new("Matter is raised as a bug in the bug tracker and an indication of resolution is provided.", "2026-11-24 10:00 Europe/Berlin",
            "category=bug; product=PBXware; calls_failing=half-or-more; critical_bug=yes; ports_open=yes", "10:40", "bug-raised", "BUG-4714", "2027-01-15", "resolved: Bug raised")
        { Note = "an emergency is the most severe ticket, yet only a critical bug promises the 24-hour patch" },
    ];

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Each_outcome_of_the_support_charter_resolves_a_ticket_with_what_it_requires(OutcomeRow row)
    {
        var replay = new PresetReplay(Preset.Value, row.At, row.Answers);
        var when = replay.At(row.ResolveAt);
        replay.TimersUntil(when);

        var step = replay.Click(Engineer, Core.Engine.Verbs.Resolve, new()
        {
            [Core.Engine.Verbs.CaseKey] = replay.Case.Id,
            ["outcome"] = row.Outcome,
            ["summary"] = "The patch is on its way.",
            ["detail"] = row.Detail,
            ["fixDate"] = row.FixDate,
        }, when);

        var (verdict, words) = (row.Expected[..row.Expected.IndexOf(':', StringComparison.Ordinal)], row.Expected[(row.Expected.IndexOf(':', StringComparison.Ordinal) + 2)..]);
        if (verdict == "resolved")
        {
            Assert.True(replay.Case.Status == Core.Cases.CaseStatus.Resolved, $"{row}: {replay.Case.Status}: {string.Join(" ", step.Reply?.Errors.Values ?? [])}");
            var logged = replay.Lines.Last(l => l.Kind == "resolved").Summary;
            Assert.True(logged.Contains(words, StringComparison.Ordinal), $"{row}: the log says \"{logged}\"");
            Assert.Equal(words.Contains("Patch due", StringComparison.Ordinal), logged.Contains("Patch due", StringComparison.Ordinal));
            // "an indication of resolution is provided": the reporter is told the expected fix date.
            var told = step.Outbox.OfType<Core.Engine.DirectMessage>().Single(m => m.To == Core.Simulation.Simulator.Reporter).Message;
            Assert.Equal(row.FixDate, (string?)told.Data["fixDate"]);
        }
        else
        {
            var field = verdict["refused ".Length..];
            Assert.NotEqual(Core.Cases.CaseStatus.Resolved, replay.Case.Status);
            var error = Assert.Single(step.Reply!.Errors);
            Assert.Equal(field, error.Key);
            Assert.True(error.Value.Contains(words, StringComparison.Ordinal), $"{row}: the error is \"{error.Value}\"");
        }
    }

    private static readonly Core.Channels.UserRef Engineer = new(Core.Channels.ChannelKind.Local, "engineer-1", "Example Support Engineer Europe");

    [Fact]
    public void Escalation_levels_1_and_2_are_the_Support_Manager_then_the_Customer_Service_Manager_started_by_hand()
    {
        foreach (var ladder in Preset.Value.Ladders)
        {
            var byHand = ladder.Levels.Where(l => l.Trigger.Kind == Core.Escalation.TriggerKind.Manual).Select(l => l.Role);
            Assert.Equal(["managers", "customer-service-manager"], byHand);
        }
        // "We recommend the immediate initiation ... when there is a tangible impact on your production environment";
        // not while "Support team is already working on your problem and they did not exceed a reasonable timeframe".
        Assert.Equal(NodaTime.Duration.Zero, Ladder("emergency").Manual.NotBefore!.Amount);
        Assert.Equal(NodaTime.Duration.Zero, Ladder("critical-bug").Manual.NotBefore!.Amount);
        Assert.Equal(Preset.Value.Severity("standard").Response, Ladder("standard").Manual.NotBefore);
    }

    private static Core.Escalation.EscalationLadder Ladder(string id) => Preset.Value.Ladders.Single(l => l.Id == id);
}
