using NodaTime;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.Intake;
using SupportBot.Core.OnCall;
using SupportBot.Core.Policy;
using SupportBot.Core.Sla;

namespace SupportBot.Core.Tests.Engine;

/// <summary>A small two-severity policy with one revealed question, a deflection and three people.</summary>
public static class TestPolicy
{
    public static readonly UserRef Reporter = new(ChannelKind.Local, "rita", "Rita Reporter");
    public static readonly UserRef OtherReporter = new(ChannelKind.Local, "otto", "Otto Other");
    public static readonly UserRef Agent = new(ChannelKind.Local, "agent-1", "Alex Agent");
    public static readonly UserRef Agent2 = new(ChannelKind.Local, "agent-2", "Bea Agent");
    public static readonly UserRef Manager = new(ChannelKind.Local, "manager-1", "Max Manager");
    public static readonly ConversationRef Triage = new(ChannelKind.Local, "triage", false);
    public static readonly ConversationRef Dm = new(ChannelKind.Local, "dm:rita", true);

    public static SupportPolicy Create()
    {
        var always = WorkCalendar.TwentyFourSeven();
        static IntakeQuestion Q(string id, string text, QuestionKind kind, bool required, AnswerCondition? when = null, params string[] options) =>
            new(id, text, kind, options.Select(o => new QuestionOption(o, o.ToUpperInvariant())).ToList(), required, when ?? AnswerCondition.Always, null, 200);
        var technical = new AnswerCondition([new AnswerClause("category", ["wifi"], false)]);
        return new SupportPolicy
        {
            Name = "test",
            Title = "Test policy",
            CasePrefix = "SUP",
            DisplayZone = DateTimeZone.Utc,
            Calendars = new Dictionary<string, WorkCalendar> { ["24x7"] = always },
            Severities =
            [
                new("sev1", "Severity 1", "Everyone is down", SlaTarget.Of(Duration.FromMinutes(15)), SlaTarget.Of(Duration.FromMinutes(30)), SlaTarget.Of(Duration.FromHours(4)), "24x7", true, true),
                new("sev2", "Severity 2", "Some are affected", SlaTarget.Of(Duration.FromHours(1)), SlaTarget.Of(Duration.FromHours(2)), SlaTarget.Of(Duration.FromHours(24)), "24x7", false, false),
            ],
            Questions =
            [
                Q("category", "What is it about?", QuestionKind.Choice, true, null, "wifi", "billing"),
                Q("impact", "Who is affected?", QuestionKind.Choice, true, null, "everyone", "some"),
                Q("ssid", "Which SSID?", QuestionKind.Text, true, technical),
                Q("title", "Title", QuestionKind.Text, true),
                Q("description", "What happened?", QuestionKind.Multiline, true),
                Q("contact_email", "Contact email", QuestionKind.Email, false),
            ],
            SeverityRules = [new(new AnswerCondition([new AnswerClause("impact", ["everyone"], false)]), "sev1", "Severity 1: everyone is affected")],
            DefaultRule = new(AnswerCondition.Always, "sev2", "Severity 2: some users are affected"),
            Deflections = [new("billing", "Before we open a case", ["Check the invoice date.", "Compare with the usage export."])],
            Ladders = [],
            People = new Contacts(
                [
                    Person("agent-1", "Alex Agent"), Person("agent-2", "Bea Agent"), Person("manager-1", "Max Manager"),
                ],
                [
                    new Role(Actor.AgentsRole, "Agents", ["agent-1", "agent-2"], RoleSelection.All, null, null),
                    new Role(Actor.ManagersRole, "Managers", ["manager-1"], RoleSelection.All, null, null),
                ],
                []),
            Reminders = new ReminderSettings([0.5, 1.0], Duration.FromDays(5), Duration.FromDays(14), Duration.FromDays(1), Duration.FromHours(2), Duration.FromDays(14)),
            Reports = new ReportSettings(new KpiTargets(null, null, null, null, null, null), null),
            Retention = new RetentionSettings(Period.FromMonths(12)),
        };
    }

    public static Desk Desk => new(Triage, null);

    private static Person Person(string id, string name) =>
        new(id, name, $"{id}@example.com", null, DateTimeZone.Utc, new Dictionary<string, string> { ["local"] = id }, null);
}
