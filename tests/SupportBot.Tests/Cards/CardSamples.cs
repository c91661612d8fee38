using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.Escalation;
using SupportBot.Core.Intake;
using SupportBot.Core.OnCall;
using SupportBot.Core.Policy;
using SupportBot.Core.Reports;
using SupportBot.Core.Sla;

namespace SupportBot.Tests.Cards;

/// <summary>
/// A small policy with one question of every kind, and cases in each status, so that the card files
/// are rendered with the data the engine really produces.
/// </summary>
internal static class CardSamples
{
    public static readonly Instant T0 = Instant.FromUtc(2026, 3, 2, 9, 0);
    public static readonly Instant Now = T0 + Duration.FromMinutes(10);

    public const string MarkdownDescription = "**bold** [link](http://x) <at>y</at>";

    public static readonly UserRef Reporter = new(ChannelKind.Teams, "29:reporter", "Rita Reporter");
    public static readonly UserRef Agent = new(ChannelKind.Teams, "29:agent", "Alex Agent");

    public static readonly SupportPolicy Policy = new()
    {
        Name = "sample",
        Title = "Sample support policy",
        CasePrefix = "SUP",
        DisplayZone = DateTimeZoneProviders.Tzdb["Europe/London"],
        Calendars = new Dictionary<string, WorkCalendar> { ["24x7"] = WorkCalendar.TwentyFourSeven() },
        Severities =
        [
            Severity("sev1", "Severity 1", "Production is down for everyone.", 15, 240),
            Severity("sev2", "Severity 2", "A major feature is broken with no workaround.", 60, 480),
            Severity("sev3", "Severity 3", "Anything else.", 240, 2400),
        ],
        Questions =
        [
            Question("category", "What is it about?", QuestionKind.Choice, required: true,
                options: [new("login", "Signing in"), new("outage", "Service down"), new("billing", "Billing")]),
            Question("region", "Region", QuestionKind.Choice, options: [new("eu", "Europe"), new("us", "Americas")]),
            Question("title", "Short title", QuestionKind.Text, required: true, maxLength: 120),
            Question("description", "What happened?", QuestionKind.Multiline, required: true, help: "Steps, error messages, since when."),
            Question("customer", "Customer", QuestionKind.Text),
            Question("production", "Is production affected?", QuestionKind.YesNo, required: true),
            Question("users", "How many users are affected?", QuestionKind.Number),
            Question("email", "Contact email", QuestionKind.Email),
            Question("phone", "Phone for a call back", QuestionKind.Phone,
                shownWhen: new AnswerCondition([new AnswerClause("production", ["yes"], Negate: false)])),
            Question("started", "When did it start?", QuestionKind.Date),
        ],
        SeverityRules =
        [
            new(new AnswerCondition([new AnswerClause("production", ["yes"], false), new AnswerClause("category", ["outage"], false)]),
                "sev1", "Production is down"),
            new(new AnswerCondition([new AnswerClause("production", ["yes"], false)]), "sev2", "Production is affected"),
        ],
        DefaultRule = new(AnswerCondition.Always, "sev3", "Production is not affected"),
        Deflections = [new("login", "Trouble signing in?", ["Clear the browser cache.", "Reset your password at https://example.com/reset."])],
        Ladders =
        [
            new EscalationLadder("sev1", ["sev1"],
            [
                new LadderLevel(1, "On-call engineer", new LadderTrigger(TriggerKind.ResponseBreach, null), "oncall", Duration.FromMinutes(10), 2),
                new LadderLevel(2, "Duty manager", new LadderTrigger(TriggerKind.Elapsed, Minutes(120)), "oncall", Duration.FromMinutes(15), 1),
            ], new ManualEscalation(true, null, "Not yet.", ["impact", "reason"])),
        ],
        People = new Contacts(
            [new Person("oncall-1", "Olive Oncall", null, null, DateTimeZone.Utc, new Dictionary<string, string> { ["teams"] = "29:oncall" }, null)],
            [new Role("oncall", "On call", ["oncall-1"], RoleSelection.All, null, null)],
            []),
        Reminders = new([0.5, 0.8, 1.0], Duration.FromDays(5), Duration.FromDays(10), Duration.FromDays(2), Duration.FromHours(2), Duration.FromDays(5)),
        Reports = new(new KpiTargets(Duration.FromHours(1), Duration.FromDays(2), 0.6, 4.2, null, null), null),
        Retention = new(Period.FromYears(2)),
    };

    public static readonly CardData Data = new(Policy);
    public static readonly IntakeCards Intake = new(Policy, Data);
    public static readonly EscalationCards EscalationData = new(Policy, Data);

    public static readonly IReadOnlyDictionary<string, string> Answers = new Dictionary<string, string>
    {
        ["category"] = "outage",
        ["region"] = "eu",
        ["title"] = "Checkout fails with 500",
        ["description"] = MarkdownDescription,
        ["customer"] = "Contoso",
        ["production"] = "yes",
        ["users"] = "250",
        ["email"] = "rita@contoso.example",
        ["phone"] = "+44 20 7946 0000",
        ["started"] = "2026-03-02",
    };

    /// <summary>Reported and nobody has claimed it yet.</summary>
    public static readonly CaseRecord Unclaimed = new()
    {
        Id = "c-0001",
        Number = "SUP-000042",
        Status = CaseStatus.New,
        SeverityId = "sev1",
        SeverityReason = "Production is down",
        Reporter = Reporter,
        ReportedIn = new ConversationRef(ChannelKind.Teams, "a:dm-reporter", IsDirect: true),
        Answers = Answers,
        OpenedAt = T0,
        ResponseDueAt = T0 + Duration.FromMinutes(15),
        ResolutionDueAt = T0 + Duration.FromHours(4),
    };

    public static readonly CaseRecord Claimed = Unclaimed with
    {
        Id = "c-0002",
        Number = "SUP-000043",
        Status = CaseStatus.InProgress,
        SeverityId = "sev2",
        Owner = Agent,
        Tier = 2,
        FirstResponseAt = T0 + Duration.FromMinutes(5),
    };

    public static readonly CaseRecord Resolved = Claimed with
    {
        Id = "c-0003",
        Number = "SUP-000044",
        Status = CaseStatus.Resolved,
        SeverityId = "sev3",
        ResolutionDueAt = null,
        ClockPausedAt = Now,
        ResolvedAt = Now,
        Outcome = new Outcome(OutcomeKind.BugRaised, "A fix is on its way; use the old checkout until then.", "BUG-1234", new LocalDate(2026, 3, 9)),
    };

    public static readonly CaseRecord ClosedAndRated = Resolved with
    {
        Id = "c-0004",
        Number = "SUP-000045",
        Status = CaseStatus.Closed,
        ClosedAt = Now,
        Outcome = new Outcome(OutcomeKind.Fixed, "Restarted the payment gateway.", null, null),
        Rating = 4,
    };

    /// <summary>A Severity 1 with a bridge, paged at level 1 after a written escalation request, and a linked reporter.</summary>
    public static readonly CaseRecord Paged = Unclaimed with
    {
        Id = "c-0005",
        Number = "SUP-000046",
        BridgeKey = "case:c-0005:bridge",
        LinkedReporters = [new UserRef(ChannelKind.Teams, "29:other", "Otto Other")],
        LastUpdateAt = Now,
        LastUpdateText = "Failover to the second region is under way.",
        Escalation = new EscalationState(1, 2, Now, [new PageSent("oncall-1", new UserRef(ChannelKind.Teams, "29:oncall", "Olive Oncall"), "case:c-0005:page:1:1:oncall-1:teams")],
            null, null, new EscalationRequest(1, "Alex Agent", null, "Checkout is down", "Restarted the gateway twice.", "No orders for 20 minutes", "Needs the database team")),
    };

    public static readonly IReadOnlyList<CaseRecord> AllCases = [Unclaimed, Claimed, Resolved, ClosedAndRated, Paged];

    public static IntakeSession Session(IReadOnlyDictionary<string, string> answers) =>
        new(Reporter, Unclaimed.ReportedIn, answers, IntakeStage.Answering, T0, T0);

    public static IReadOnlyList<CaseEvent> Events(CaseRecord c) =>
    [
        new(c.Id, T0, Reporter.Key, Reporter.Name, "opened", $"{Reporter.Name} reported {c.Title}.", new Dictionary<string, string>()),
        new(c.Id, T0 + Duration.FromMinutes(5), Agent.Key, Agent.Name, "claimed", $"{Agent.Name} claimed the case.", new Dictionary<string, string>()),
    ];

    public static readonly IReadOnlyList<(string Usage, string Help)> Commands =
    [
        ("queue", "List open cases by severity, then time of receipt."),
        ("status <case>", "Show a case and its log."),
        ("help", "Show this list."),
    ];

    /// <summary>One message for every template and case status, labelled for assertion messages.</summary>
    public static IEnumerable<(string Label, OutboundMessage Message)> Messages()
    {
        foreach (var c in AllCases)
        {
            foreach (var message in CaseMessages(c))
            {
                yield return ($"{message.Template} for {c.Status}", message);
            }
        }

        yield return ("queue", Data.Queue([Unclaimed, Claimed], Now, "Open cases"));
        yield return ("empty queue", Data.Queue([], Now, "Your open cases"));
        yield return ("help", CardData.Help(Commands));
        yield return ("report offer", CardData.ReportOffer());
        yield return ("notice", CardData.Notice("Report cancelled", "Nothing was opened. <!channel> *start* again any time."));
        yield return ("intake", Intake.Questions(Session(Answers), new Dictionary<string, string>()));
        yield return ("empty intake", Intake.Questions(Session(new Dictionary<string, string>()), new Dictionary<string, string> { ["title"] = "Short title is required." }));
        yield return ("deflection", Intake.Deflection(CardSamples.Policy.Deflections[0]));
        yield return ("preview", Intake.Preview(Session(Answers), Now));
        yield return ("preview with a matching incident", Intake.Preview(Session(Answers), Now, Paged));
        var level = CardSamples.Policy.Ladders[0].Levels[0];
        yield return ("page", EscalationData.Page(Paged, Now, level, 2, "No response within the 15 minutes response target", DateTimeZone.Utc));
        yield return ("acknowledged page", EscalationData.Page(Paged, Now, level, 2, "Repeat", DateTimeZone.Utc, "Acknowledged by Olive Oncall."));
        yield return ("escalate form", EscalationData.EscalateForm(Unclaimed, Now, level,
            new Dictionary<string, string> { ["description"] = "Checkout is down", ["progress"] = "10:05: Alex Agent claimed the case.", ["impact"] = "No orders", ["reason"] = "" }, DateTimeZone.Utc));
        yield return ("bridge status", EscalationData.BridgeStatus(Paged, Now));
        yield return ("incident summary", EscalationData.IncidentSummary(Resolved with { BridgeKey = "case:c-0003:bridge" }, Events(Resolved), Now));
        var march = new YearMonth(2026, 3);
        var retiredSeverity = Unclaimed with { Id = "c-0099", Number = "SUP-000099", SeverityId = "sev0" };
        yield return ("monthly report", ReportCard.Message(MonthlyReport.Build(CardSamples.Policy, march, AllCases.Append(retiredSeverity).Select(c => new CaseHistory(c, Events(c))), Now)));
        yield return ("empty monthly report", ReportCard.Message(MonthlyReport.Build(CardSamples.Policy with { Reports = new(new KpiTargets(null, null, null, null, null, null), null) }, march, [], Now)));
    }

    /// <summary>Every message about one case.</summary>
    public static IEnumerable<OutboundMessage> CaseMessages(CaseRecord c) =>
    [
        Data.Triage(c, Now),
        Data.CaseOpened(c, Now),
        Data.CaseUpdate(c, Now, "Alex Agent is working on your case", "We are looking at the gateway logs.", Agent.Name),
        Data.AskReporter(c, Now, "Which browser do you use?", Agent.Name),
        Data.Resolved(c, Now),
        Data.Reminder(c, Now, $"{c.Number}: response due soon", "Half of the response target is used."),
        Data.Status(c, Events(c), Now),
    ];

    private static SeverityLevel Severity(string id, string name, string definition, int responseMinutes, int resolutionMinutes) =>
        new(id, name, definition, Minutes(responseMinutes), Minutes(30), Minutes(resolutionMinutes), "24x7", OpensBridge: id == "sev1", Pages: id == "sev1");

    // Worded as a policy file would, rather than Duration's "0:00:15:00".
    private static SlaTarget Minutes(int minutes) =>
        SlaTarget.Of(Duration.FromMinutes(minutes)) with { Text = minutes < 60 ? $"{minutes} minutes" : $"{minutes / 60} hours" };

    private static IntakeQuestion Question(
        string id, string text, QuestionKind kind, bool required = false, IReadOnlyList<QuestionOption>? options = null,
        AnswerCondition? shownWhen = null, string? help = null, int maxLength = 2000) =>
        new(id, text, kind, options ?? [], required, shownWhen ?? AnswerCondition.Always, help, maxLength);
}
