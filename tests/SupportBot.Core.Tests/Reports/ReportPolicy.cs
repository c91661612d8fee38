using NodaTime;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.Escalation;
using SupportBot.Core.Intake;
using SupportBot.Core.OnCall;
using SupportBot.Core.Policy;
using SupportBot.Core.Sla;

namespace SupportBot.Core.Tests.Reports;

/// <summary>
/// Three severities in London: Severity 1 and 2 on 24x7 clocks (Severity 1 pages on-call when its
/// response is breached), Severity 3 in business hours (Mon–Fri 09:00–17:00). The SLA credit is 5% for
/// a Severity 1 outage longer than 2 working days.
/// </summary>
public static class ReportPolicy
{
    public static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    public static readonly UserRef Agent1 = new(ChannelKind.Local, "agent-1", "Alex Agent");
    public static readonly UserRef Agent2 = new(ChannelKind.Local, "agent-2", "Bea Agent");
    public static readonly UserRef Oncall = new(ChannelKind.Local, "oncall-1", "Olive Oncall");
    public static readonly ConversationRef Triage = new(ChannelKind.Local, "triage", false);
    public static readonly Desk Desk = new(Triage, new ConversationRef(ChannelKind.Local, "managers", false)) { Platforms = [ChannelKind.Local] };

    public static SupportPolicy Create(IReadOnlySet<LocalDate>? holidays = null)
    {
        var nineToFive = new List<WorkingPeriod> { new(new LocalTime(9, 0), new LocalTime(17, 0)) };
        var business = new WorkCalendar("business", London, false,
            new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday }
                .ToDictionary(d => d, IReadOnlyList<WorkingPeriod> (_) => nineToFive),
            holidays ?? new HashSet<LocalDate>());
        static IntakeQuestion Q(string id, QuestionKind kind, bool required, params (string Value, string Title)[] options) =>
            new(id, id, kind, [.. options.Select(o => new QuestionOption(o.Value, o.Title))], required, AnswerCondition.Always, null, 200);
        return new SupportPolicy
        {
            Name = "report-test",
            Title = "Report test policy",
            CasePrefix = "SUP",
            DisplayZone = London,
            Calendars = new Dictionary<string, WorkCalendar> { ["24x7"] = WorkCalendar.TwentyFourSeven(), ["business"] = business },
            Severities =
            [
                new("sev1", "Severity 1", "Everyone is down", SlaTarget.Of(Duration.FromMinutes(15)), SlaTarget.Of(Duration.FromMinutes(30)), SlaTarget.Of(Duration.FromHours(4)), "24x7", true, true),
                new("sev2", "Severity 2", "A region is down", SlaTarget.Of(Duration.FromHours(1)), SlaTarget.Of(Duration.FromHours(2)), SlaTarget.Of(Duration.FromHours(8)), "24x7", false, false),
                new("sev3", "Severity 3", "One person", SlaTarget.Of(Duration.FromHours(2)), null, SlaTarget.Of(Duration.FromHours(16)), "business", false, false),
            ],
            Questions =
            [
                Q("category", QuestionKind.Choice, true, ("wifi", "Wi-Fi"), ("vpn", "VPN"), ("billing", "Billing"), ("email", "Email")),
                Q("impact", QuestionKind.Choice, true, ("everyone", "Everyone"), ("region", "A region"), ("one", "Just me")),
                Q("region", QuestionKind.Choice, true, ("emea", "EMEA"), ("amer", "Americas"), ("apac", "Asia Pacific")),
                Q("customer", QuestionKind.Text, false),
                Q("title", QuestionKind.Text, true),
                Q("description", QuestionKind.Multiline, true),
            ],
            SeverityRules =
            [
                new(new AnswerCondition([new AnswerClause("impact", ["everyone"], false)]), "sev1", "Severity 1: everyone is affected"),
                new(new AnswerCondition([new AnswerClause("impact", ["region"], false)]), "sev2", "Severity 2: a region is affected"),
            ],
            DefaultRule = new(AnswerCondition.Always, "sev3", "Severity 3: one person is affected"),
            Deflections = [],
            Ladders =
            [
                new EscalationLadder("sev1", ["sev1"],
                [
                    new LadderLevel(1, "On call", new LadderTrigger(TriggerKind.ResponseBreach, null), "oncall", Duration.FromMinutes(10), 1),
                    new LadderLevel(2, "Managers", new LadderTrigger(TriggerKind.Manual, null), Actor.ManagersRole, Duration.FromMinutes(10), 0),
                ], new ManualEscalation(true, null, "Not yet.", ["reason"])),
            ],
            People = new Contacts(
                [Person("agent-1", "Alex Agent"), Person("agent-2", "Bea Agent"), Person("manager-1", "Max Manager"), Person("oncall-1", "Olive Oncall")],
                [
                    new Role(Actor.AgentsRole, "Agents", ["agent-1", "agent-2"], RoleSelection.All, null, null),
                    new Role(Actor.ManagersRole, "Managers", ["manager-1"], RoleSelection.All, null, null),
                    new Role("oncall", "On call", ["oncall-1"], RoleSelection.All, null, null),
                ],
                []),
            Reminders = new ReminderSettings([1.0], Duration.FromDays(5), Duration.FromDays(14), Duration.FromDays(1), Duration.FromHours(2), Duration.FromDays(14)),
            Reports = new ReportSettings(
                new KpiTargets(Duration.FromMinutes(30), Duration.FromHours(8), 0.5, 4.0, 20, 40),
                new SlaCreditRule(5, SlaTarget.Days(2, "business"), ["sev1"])),
            Retention = new RetentionSettings(Period.FromMonths(12)),
        };
    }

    private static Person Person(string id, string name) =>
        new(id, name, $"{id}@example.com", null, London, new Dictionary<string, string> { ["local"] = id }, null);
}
