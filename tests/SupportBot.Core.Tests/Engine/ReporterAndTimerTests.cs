using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Engine;

namespace SupportBot.Core.Tests.Engine;

public sealed class ReporterAndTimerTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 10, 0);
    private readonly EngineDriver bot = new(T0);

    public ReporterAndTimerTests() => bot.ReportSeverity1();

    private void Resolve()
    {
        bot.ClickOnCase(TestPolicy.Agent, Verbs.Claim);
        bot.ClickOnCase(TestPolicy.Agent, Verbs.Resolve, new() { ["outcome"] = "fixed", ["summary"] = "Done" });
    }

    [Fact]
    public void Fixed_with_a_rating_closes_the_case_and_records_the_rating()
    {
        Resolve();
        bot.ClickOnCase(TestPolicy.Reporter, Verbs.ReporterFixed, new() { ["rating"] = "5" }, EngineDriver.Dm(TestPolicy.Reporter));

        var c = bot.State.OnlyCase;
        Assert.Equal(CaseStatus.Closed, c.Status);
        Assert.Equal(5, c.Rating);
        // Only the Severity 1's root cause analysis reminder outlives the case.
        Assert.Equal([TimerKeys.Postmortem], bot.State.Timers.Keys.Select(k => k.Key));
    }

    [Fact]
    public void Still_broken_reopens_the_case_and_resumes_its_clock()
    {
        Resolve();
        bot.Now = T0 + Duration.FromHours(1);
        bot.ClickOnCase(TestPolicy.Reporter, Verbs.ReporterBroken, new() { ["comment"] = "still down" }, EngineDriver.Dm(TestPolicy.Reporter));

        var c = bot.State.OnlyCase;
        Assert.Equal(CaseStatus.InProgress, c.Status);
        Assert.Equal(1, c.ReopenCount);
        Assert.Equal(T0 + Duration.FromHours(5), c.ResolutionDueAt);
    }

    [Fact]
    public void Only_the_reporter_can_confirm_or_rate()
    {
        Resolve();
        var step = bot.ClickOnCase(TestPolicy.OtherReporter, Verbs.ReporterRate, new() { ["rating"] = "1" }, EngineDriver.Dm(TestPolicy.OtherReporter));

        Assert.Equal("Only the person who reported SUP-000001 can answer this card.", step.Reply!.Text);
        Assert.Null(bot.State.OnlyCase.Rating);
    }

    [Fact]
    public void A_rating_outside_one_to_five_is_refused()
    {
        Resolve();
        var step = bot.ClickOnCase(TestPolicy.Reporter, Verbs.ReporterRate, new() { ["rating"] = "9" }, EngineDriver.Dm(TestPolicy.Reporter));

        Assert.Equal("Choose a rating from 1 to 5.", step.Reply!.Errors["rating"]);
    }

    [Fact]
    public void Response_reminders_tell_triage_at_half_the_target_and_at_the_breach()
    {
        bot.Now = T0 + Duration.FromMinutes(7.5);
        var half = Assert.Single(bot.FireDue());
        bot.Now = T0 + Duration.FromMinutes(15);
        var breach = Assert.Single(bot.FireDue());

        Assert.Contains("50% of the response target used on SUP-000001", Reminder(half), StringComparison.Ordinal);
        Assert.Contains("Response target breached", Reminder(breach), StringComparison.Ordinal);
    }

    [Fact]
    public void A_reminder_for_a_case_claimed_meanwhile_sends_nothing()
    {
        var c = bot.State.OnlyCase;
        var stale = bot.State.Timers[(c.Id, TimerKeys.Response(0.5))];
        bot.ClickOnCase(TestPolicy.Agent, Verbs.Claim);
        bot.Now = T0 + Duration.FromMinutes(8);

        var step = bot.Engine.HandleTimer(new DueTimer(9, c.Id, stale.Key, stale.Kind, stale.DueAt, T0), bot.State, bot.Now);

        Assert.False(step.ChangesState);
    }

    [Fact]
    public void Update_due_reminds_the_owner_and_sets_the_next_reminder_one_cadence_later()
    {
        bot.ClickOnCase(TestPolicy.Agent, Verbs.Claim);
        bot.ClickOnCase(TestPolicy.Agent, Verbs.PostUpdate, new() { ["update"] = "Looking at the controller" });
        bot.Now = T0 + Duration.FromMinutes(30);

        var step = Assert.Single(bot.FireDue());

        var dm = Assert.Single(step.Outbox.OfType<DirectMessage>());
        Assert.Equal(TestPolicy.Agent, dm.To);
        Assert.Contains(step.Outbox, o => o is PostToChannel { Message.Template: Cards.Reminder });
        Assert.Equal(T0 + Duration.FromMinutes(60), bot.State.Timers[(bot.State.OnlyCase.Id, TimerKeys.Update)].DueAt);
    }

    [Fact]
    public void After_downtime_an_overdue_update_reminder_is_sent_once_and_the_next_counts_from_now()
    {
        bot.ClickOnCase(TestPolicy.Agent, Verbs.Claim);
        bot.ClickOnCase(TestPolicy.Agent, Verbs.PostUpdate, new() { ["update"] = "Looking at the controller" });
        bot.Now = T0 + Duration.FromHours(5);

        Assert.Single(bot.FireDue());

        Assert.Empty(bot.FireDue());
        Assert.Equal(bot.Now + Duration.FromMinutes(30), bot.State.Timers[(bot.State.OnlyCase.Id, TimerKeys.Update)].DueAt);
    }

    [Fact]
    public void A_reporter_answer_that_starts_with_a_command_word_still_reaches_the_case()
    {
        bot.ClickOnCase(TestPolicy.Agent, Verbs.Claim);
        bot.ClickOnCase(TestPolicy.Agent, Verbs.AskReporter, new() { ["question"] = "What do you see?" });

        var step = bot.Say(TestPolicy.Reporter, "status page says all green");

        Assert.Equal(CaseStatus.InProgress, bot.State.OnlyCase.Status);
        Assert.Contains(step.Outbox, o => o is DirectMessage d && d.To == TestPolicy.Agent);
    }

    [Fact]
    public void Upgrading_the_severity_late_keeps_only_the_latest_response_reminder_that_is_already_past()
    {
        bot.Say(TestPolicy.OtherReporter, "slow");
        bot.Click(TestPolicy.OtherReporter, Verbs.IntakeNext, new() { ["shown"] = "category,impact,title,description,contact_email", ["category"] = "billing", ["impact"] = "some", ["title"] = "Slow", ["description"] = "d" });
        bot.Click(TestPolicy.OtherReporter, Verbs.DeflectionContinue);
        bot.Click(TestPolicy.OtherReporter, Verbs.IntakeSubmit);
        var slow = bot.State.FindCase("SUP-000002")!;
        bot.Now = T0 + Duration.FromMinutes(20);

        bot.Click(TestPolicy.Agent, Verbs.ChangeSeverity, new() { [Verbs.CaseKey] = slow.Id, ["severity"] = "sev1", ["reason"] = "all sites" }, TestPolicy.Triage);

        var reminders = bot.State.Timers.Where(t => t.Key.CaseId == slow.Id && t.Key.Key.StartsWith(TimerKeys.ResponsePrefix, StringComparison.Ordinal)).Select(t => t.Key.Key).ToList();
        Assert.Equal([TimerKeys.Response(1.0)], reminders);
    }

    [Fact]
    public void A_stale_deflection_button_cannot_skip_the_questions()
    {
        bot.Say(TestPolicy.OtherReporter, "invoice");

        var step = bot.Click(TestPolicy.OtherReporter, Verbs.DeflectionFixed);

        Assert.Equal(Cards.Intake, step.Reply!.Card!.Template);
        Assert.Null(bot.State.FindCase("SUP-000002"));
    }

    [Fact]
    public void A_resolved_case_nobody_answers_closes_after_the_policys_days_and_asks_for_a_rating_once()
    {
        Resolve();
        bot.Now = T0 + Duration.FromDays(1);
        var csat = Assert.Single(bot.FireDue());
        Assert.Contains(csat.Outbox, o => o is DirectMessage { Message.Template: Cards.Resolved });

        bot.Now = T0 + Duration.FromDays(5);
        Assert.Single(bot.FireDue());

        Assert.Equal(CaseStatus.Closed, bot.State.OnlyCase.Status);
        Assert.Empty(bot.FireDue());
    }

    private static string Reminder(EngineStep step) =>
        Assert.IsType<PostMessage>(Assert.Single(step.Outbox, o => o is PostMessage)).Message.Data["headline"]!.GetValue<string>();
}
