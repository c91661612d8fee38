using NodaTime;
using SupportBot.Core.Escalation;
using SupportBot.Core.Intake;
using SupportBot.Core.OnCall;
using SupportBot.Core.Policy;
using SupportBot.Core.Sla;
using SupportBot.Policy;

namespace SupportBot.Tests.Policy;

public sealed class DefaultPresetTests
{
    private static readonly Lazy<SupportPolicy> Preset = new(() =>
    {
        var result = PolicyLoader.Load(PolicyYaml.RepositoryFile("policies/operational-guide.yml"));
        Assert.True(result.Errors.Count == 0, PolicyErrors.Format(result.Errors));
        return result.Policy!;
    });

    [Fact]
    public void The_default_preset_loads_without_errors()
    {
        var policy = Preset.Value;

        Assert.Equal("operational-guide", policy.Name);
        Assert.Equal("SUP", policy.CasePrefix);
        Assert.Equal(["sev1", "sev2", "sev3", "sev4"], policy.Severities.Select(s => s.Id));
        Assert.Equal(["Severity 1", "Severity 2", "Severity 3", "Severity 4"], policy.Severities.Select(s => s.Name));

        var sev1 = policy.Severity("sev1");
        Assert.Equal(Duration.FromMinutes(15), sev1.Response.Amount);
        Assert.Equal(Duration.FromMinutes(30), sev1.UpdateEvery!.Amount);
        Assert.Equal(Duration.FromHours(4), sev1.Resolution!.Amount);
        Assert.Equal(("24x7", true, true), (sev1.Calendar, sev1.OpensBridge, sev1.Pages));

        var sev2 = policy.Severity("sev2");
        Assert.Equal(Duration.FromHours(1), sev2.Response.Amount);
        Assert.Equal(Duration.FromHours(2), sev2.UpdateEvery!.Amount);
        Assert.Equal(Duration.FromHours(24), sev2.Resolution!.Amount);
        Assert.Equal(("24x7", false, true), (sev2.Calendar, sev2.OpensBridge, sev2.Pages));

        var sev3 = policy.Severity("sev3");
        Assert.Equal(Duration.FromHours(4), sev3.Response.Amount);
        Assert.Null(sev3.UpdateEvery);
        Assert.Equal(Duration.FromHours(72), sev3.Resolution!.Amount);
        Assert.Equal(("24x7", false, false), (sev3.Calendar, sev3.OpensBridge, sev3.Pages));

        var sev4 = policy.Severity("sev4");
        Assert.Equal((Duration.FromHours(24), "24x7"), (sev4.Response.Amount, sev4.Response.Calendar));
        Assert.Null(sev4.UpdateEvery);
        Assert.Equal((7, true, null), (sev4.Resolution!.WorkingDays, sev4.Resolution.IsWorkingDays, sev4.Resolution.Calendar));
        Assert.Equal(("business", false, false), (sev4.Calendar, sev4.OpensBridge, sev4.Pages));

        var business = policy.Calendar("business");
        Assert.False(business.AlwaysOpen);
        Assert.Equal(
            [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday],
            business.WeeklyHours.Keys.Order());
        Assert.All(business.WeeklyHours.Values, spans => Assert.Equal([new(new LocalTime(9, 0), new LocalTime(17, 0))], spans));
        Assert.True(policy.Calendar("24x7").AlwaysOpen);
    }

    [Fact]
    public void The_default_preset_severity_rules_are_in_the_decision_table_order()
    {
        var rules = Preset.Value.SeverityRules;

        Assert.Equal(["sev1", "sev2", "sev4", "sev3"], rules.Select(r => r.SeverityId));
        Assert.True(rules[0].When.Matches(Answers(("category", "connectivity"), ("impact", "global"))));
        Assert.True(rules[1].When.Matches(Answers(("category", "roaming"), ("impact", "regional"))));
        Assert.True(rules[2].When.Matches(Answers(("category", "billing"))));
        Assert.True(rules[2].When.Matches(Answers(("category", "feature-request"))));
        Assert.True(rules[3].When.Matches(Answers(("category", "authentication"), ("impact", "single-customer"))));
        Assert.Equal("Severity 4: billing or feature request", rules[2].Reason);
        Assert.Equal(("sev3", true), (Preset.Value.DefaultRule.SeverityId, Preset.Value.DefaultRule.When.Matches(Answers())));
    }

    [Fact]
    public void The_default_preset_asks_the_guides_questions_with_stable_ids()
    {
        var questions = Preset.Value.Questions;

        Assert.Equal(
            ["category", "impact", "region", "customer", "title", "description", "device_os", "client_version", "ssid", "bssid",
             "managed", "device_count", "steps_to_reproduce", "radius_logs", "contact_email", "contact_phone"],
            questions.Select(q => q.Id));
        Assert.Equal(
            ["authentication", "captive-portal", "connectivity", "roaming", "billing", "onboarding", "feature-request", "other"],
            Question("category").Options.Select(o => o.Value));
        Assert.Equal(["global", "regional", "single-customer"], Question("impact").Options.Select(o => o.Value));
        Assert.Equal(["americas", "emea", "apac"], Question("region").Options.Select(o => o.Value));
        Assert.Equal(120, Question("title").MaxLength);
        Assert.Equal(QuestionKind.YesNo, Question("managed").Kind);
        Assert.Equal(["yes", "no"], Question("radius_logs").Options.Select(o => o.Value));

        Assert.False(Question("impact").ShownWhen.Matches(Answers(("category", "billing"))));
        Assert.True(Question("impact").ShownWhen.Matches(Answers(("category", "other"))));
        Assert.True(Question("ssid").ShownWhen.Matches(Answers(("category", "captive-portal"))));
        Assert.False(Question("ssid").ShownWhen.Matches(Answers(("category", "onboarding"))));
    }

    [Fact]
    public void The_default_preset_escalates_severity_1_to_L2_at_30_minutes_then_L3_at_2_hours_then_managers()
    {
        var policy = Preset.Value;
        var sev1 = Assert.Single(policy.Ladders, l => l.Severities.Contains("sev1"));
        var sev2 = Assert.Single(policy.Ladders, l => l.Severities.Contains("sev2"));

        Assert.Equal(["l2-engineers", "l3-network", "managers"], sev1.Levels.Select(l => l.Role));
        Assert.Equal(new LadderTrigger(TriggerKind.Elapsed, SlaTarget.Of(Duration.FromMinutes(30))), sev1.Levels[0].Trigger);
        Assert.Equal(Duration.FromHours(2), sev1.Levels[1].Trigger.After!.Amount);
        Assert.Equal([TriggerKind.ResponseBreach, TriggerKind.ResolutionBreach], sev2.Levels.Select(l => l.Trigger.Kind));
        Assert.Equal(["l2-engineers", "managers"], sev2.Levels.Select(l => l.Role));
    }

    [Fact]
    public void The_default_preset_names_only_example_people()
    {
        var contacts = Preset.Value.People;

        Assert.All(contacts.People, p => Assert.EndsWith("@example.com", p.Email, StringComparison.Ordinal));
        Assert.All(contacts.People, p => Assert.StartsWith("Example ", p.Name, StringComparison.Ordinal));
        Assert.Equal(["agents", "l2-engineers", "l3-network", "managers", "duty-manager", "admins"], contacts.Roles.Select(r => r.Id));
        var managers = contacts.FindRole("managers")!;
        Assert.Equal(RoleSelection.FollowTheSun, managers.Selection);
        Assert.True(managers.Members.Select(m => contacts.Find(m)!.Zone).Distinct().Count() >= 2);
    }

    [Fact]
    public void The_default_preset_carries_the_guides_reports_reminders_and_retention()
    {
        var policy = Preset.Value;
        var targets = policy.Reports.Targets;

        Assert.Equal(new KpiTargets(Duration.FromHours(1), Duration.FromHours(4), 0.75, 4.5, 20, 40), targets);
        var credit = policy.Reports.Credit!;
        Assert.Equal((5.0, 2, "business"), (credit.PercentOfMonthlyFee, credit.OutageLongerThan.WorkingDays, credit.OutageLongerThan.Calendar));
        Assert.Equal(["sev1"], credit.Severities);
        Assert.Equal([0.5, 0.8, 1.0], policy.Reminders.ResponseFractions);
        Assert.Equal(Duration.FromDays(14), policy.Reminders.PostmortemAfter);
        Assert.Equal(Period.FromMonths(12), policy.Retention.KeepClosedCasesFor);
        Assert.Equal(["authentication", "captive-portal", "connectivity", "billing"], policy.Deflections.Select(d => d.Category));
    }

    private static IntakeQuestion Question(string id) => Preset.Value.Questions.Single(q => q.Id == id);

    private static Dictionary<string, string> Answers(params (string Question, string Value)[] answers) =>
        answers.ToDictionary(a => a.Question, a => a.Value);
}
