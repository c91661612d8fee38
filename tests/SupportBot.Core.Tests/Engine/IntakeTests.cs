using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Engine;

namespace SupportBot.Core.Tests.Engine;

public sealed class IntakeTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 10, 0);
    private readonly EngineDriver bot = new(T0);

    [Fact]
    public void A_first_message_opens_the_intake_card_with_the_message_as_description()
    {
        var step = bot.Say(TestPolicy.Reporter, "printer on fire");

        Assert.Equal(ReplyKind.Message, step.Reply!.Kind);
        Assert.Equal(Cards.Intake, step.Reply.Card!.Template);
        Assert.Equal("printer on fire", bot.State.FindIntake(TestPolicy.Reporter.Key)!.Answers["description"]);
        Assert.Equal("category,impact,title,description,contact_email", step.Reply.Card.Data["shown"]!.GetValue<string>());
    }

    [Fact]
    public void Missing_and_malformed_answers_get_exact_messages_and_the_answers_given_are_kept()
    {
        bot.Say(TestPolicy.Reporter, "hello");
        var step = bot.Click(TestPolicy.Reporter, Verbs.IntakeNext, new() { ["shown"] = "category,impact,title,description,contact_email", ["category"] = "billing", ["contact_email"] = "not-an-email" });

        Assert.Equal(ReplyKind.ValidationErrors, step.Reply!.Kind);
        Assert.Equal(new Dictionary<string, string>
        {
            ["impact"] = "Who is affected is required.",
            ["title"] = "Title is required.",
            ["description"] = "What happened is required.",
            ["contact_email"] = "Contact email must be an email address, like name@example.com.",
        }, step.Reply.Errors);
        Assert.Equal("billing", bot.State.FindIntake(TestPolicy.Reporter.Key)!.Answers["category"]);
    }

    [Fact]
    public void An_answer_that_reveals_a_question_shows_it_before_going_on()
    {
        bot.Say(TestPolicy.Reporter, "down");
        var step = bot.Click(TestPolicy.Reporter, Verbs.IntakeNext, new() { ["shown"] = "category,impact,title,description,contact_email", ["category"] = "wifi", ["impact"] = "some", ["title"] = "t", ["description"] = "d" });

        Assert.Equal(ReplyKind.ReplaceCard, step.Reply!.Kind);
        Assert.Equal(Cards.Intake, step.Reply.Card!.Template);
        Assert.Contains("ssid", step.Reply.Card.Data["shown"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_preview_shows_the_severity_its_reason_and_the_response_target_before_submit()
    {
        bot.Say(TestPolicy.Reporter, "down");
        bot.Click(TestPolicy.Reporter, Verbs.IntakeNext, new() { ["shown"] = "category,impact,title,description,contact_email", ["category"] = "wifi", ["impact"] = "everyone", ["title"] = "t", ["description"] = "d" });
        var step = bot.Click(TestPolicy.Reporter, Verbs.IntakeNext, new() { ["shown"] = "category,impact,ssid,title,description,contact_email", ["category"] = "wifi", ["impact"] = "everyone", ["ssid"] = "corp", ["title"] = "t", ["description"] = "d" });

        var card = step.Reply!.Card!;
        Assert.Equal(Cards.Preview, card.Template);
        Assert.Equal("Severity 1", card.Data["severity"]!.GetValue<string>());
        Assert.Equal("Severity 1: everyone is affected", card.Data["severityReason"]!.GetValue<string>());
        Assert.Equal("Mon 23 Nov 10:15 UTC", card.Data["responseDue"]!.GetValue<string>());
        Assert.Empty(bot.State.OpenCases());
    }

    [Fact]
    public void Submitting_opens_a_case_posts_its_triage_card_and_sets_the_response_reminders()
    {
        var step = bot.ReportSeverity1();

        var c = bot.State.OnlyCase;
        Assert.Equal("SUP-000001", c.Number);
        Assert.Equal(CaseStatus.New, c.Status);
        Assert.Equal("sev1", c.SeverityId);
        Assert.Equal(T0 + Duration.FromMinutes(15), c.ResponseDueAt);
        Assert.Equal(T0 + Duration.FromHours(4), c.ResolutionDueAt);
        Assert.Equal(Cards.CaseOpened, step.Reply!.Card!.Template);
        var post = Assert.IsType<PostMessage>(step.Outbox[0]);
        Assert.Equal(TestPolicy.Triage, post.To);
        Assert.Equal(c.TriageMessageKey, post.MessageKey);
        Assert.Equal([T0 + Duration.FromMinutes(7.5), T0 + Duration.FromMinutes(15)],
            bot.State.Timers.Values.Where(t => t.Kind == TimerKinds.ResponseReminder).Select(t => t.DueAt).Order());
        Assert.Null(bot.State.FindIntake(TestPolicy.Reporter.Key));
    }

    [Fact]
    public void Deflection_steps_come_first_and_that_fixed_it_records_a_case_resolved_at_first_contact()
    {
        bot.Say(TestPolicy.Reporter, "invoice wrong");
        var step = bot.Click(TestPolicy.Reporter, Verbs.IntakeNext, new() { ["shown"] = "category,impact,title,description,contact_email", ["category"] = "billing", ["impact"] = "some", ["title"] = "Invoice", ["description"] = "Too high" });
        Assert.Equal(Cards.Deflection, step.Reply!.Card!.Template);

        step = bot.Click(TestPolicy.Reporter, Verbs.DeflectionFixed);

        var c = bot.State.OnlyCase;
        Assert.Equal(CaseStatus.Closed, c.Status);
        Assert.True(c.ResolvedAtFirstContact);
        Assert.Empty(step.Outbox);
        Assert.Contains(bot.State.Events, e => e.Type == "resolved-at-first-contact");
    }

    [Fact]
    public void Cancelling_an_intake_opens_nothing_and_forgets_the_answers()
    {
        bot.Say(TestPolicy.Reporter, "x");
        bot.Click(TestPolicy.Reporter, Verbs.IntakeCancel);

        Assert.Null(bot.State.FindIntake(TestPolicy.Reporter.Key));
        Assert.Empty(bot.State.OpenCases());
    }
}
