using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Engine;

namespace SupportBot.Core.Tests.Engine;

public sealed class TriageTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 10, 0);
    private readonly EngineDriver bot = new(T0);

    public TriageTests() => bot.ReportSeverity1();

    [Fact]
    public void Claim_makes_the_agent_owner_records_the_first_response_and_tells_the_reporter()
    {
        bot.Now = T0 + Duration.FromMinutes(4);
        var step = bot.ClickOnCase(TestPolicy.Agent, Verbs.Claim);

        var c = bot.State.OnlyCase;
        Assert.Equal(TestPolicy.Agent, c.Owner);
        Assert.Equal(CaseStatus.Acknowledged, c.Status);
        Assert.Equal(T0 + Duration.FromMinutes(4), c.FirstResponseAt);
        Assert.Contains(step.Outbox, o => o is UpdateMessage u && u.MessageKey == c.TriageMessageKey);
        Assert.Contains(step.Outbox, o => o is DirectMessage d && d.To == TestPolicy.Reporter);
        Assert.DoesNotContain(bot.State.Timers.Keys, k => k.Key.StartsWith(TimerKeys.ResponsePrefix, StringComparison.Ordinal));
        Assert.Equal(T0 + Duration.FromMinutes(34), bot.State.Timers[(c.Id, TimerKeys.Update)].DueAt);
        Assert.Equal(ReplyKind.ReplaceCard, step.Reply!.Kind);
    }

    [Fact]
    public void A_second_claim_is_told_who_has_the_case_and_changes_nothing()
    {
        bot.ClickOnCase(TestPolicy.Agent, Verbs.Claim);
        var version = bot.State.OnlyCase.Version;

        var step = bot.ClickOnCase(TestPolicy.Agent2, Verbs.Claim);

        Assert.Equal("Alex Agent has already claimed SUP-000001.", step.Reply!.Text);
        Assert.False(step.ChangesState);
        Assert.Equal(version, bot.State.OnlyCase.Version);
    }

    [Fact]
    public void A_reporter_outside_the_triage_channel_cannot_claim()
    {
        var step = bot.ClickOnCase(TestPolicy.OtherReporter, Verbs.Claim, where: EngineDriver.Dm(TestPolicy.OtherReporter));

        Assert.Equal(ReplyKind.Notice, step.Reply!.Kind);
        Assert.False(step.ChangesState);
        Assert.Null(bot.State.OnlyCase.Owner);
    }

    [Fact]
    public void Claiming_a_case_that_waits_on_the_reporter_keeps_it_waiting()
    {
        bot.ClickOnCase(TestPolicy.Agent, Verbs.AskReporter, new() { ["question"] = "Which building?" });

        bot.ClickOnCase(TestPolicy.Agent2, Verbs.Claim);

        Assert.Equal(CaseStatus.WaitingOnCustomer, bot.State.OnlyCase.Status);
        Assert.Equal(TestPolicy.Agent2, bot.State.OnlyCase.Owner);
    }

    [Fact]
    public void Changing_severity_needs_a_reason()
    {
        var step = bot.ClickOnCase(TestPolicy.Manager, Verbs.ChangeSeverity, new() { ["severity"] = "sev2" });

        Assert.Equal("A reason is required to change the severity.", step.Reply!.Errors["reason"]);
        Assert.Equal("sev1", bot.State.OnlyCase.SeverityId);
    }

    [Fact]
    public void Downgrading_a_severity_1_needs_the_manager_role()
    {
        var refused = bot.ClickOnCase(TestPolicy.Agent, Verbs.ChangeSeverity, new() { ["severity"] = "sev2", ["reason"] = "one site only" });
        Assert.Equal("Only a manager can downgrade a Severity 1 case.", refused.Reply!.Text);
        Assert.Equal("sev1", bot.State.OnlyCase.SeverityId);

        bot.ClickOnCase(TestPolicy.Manager, Verbs.ChangeSeverity, new() { ["severity"] = "sev2", ["reason"] = "one site only" });

        var c = bot.State.OnlyCase;
        Assert.Equal("sev2", c.SeverityId);
        Assert.Equal("Changed by Max Manager: one site only", c.SeverityReason);
        Assert.Equal(T0 + Duration.FromHours(1), c.ResponseDueAt);
        Assert.Equal(T0 + Duration.FromHours(24), c.ResolutionDueAt);
    }

    [Fact]
    public void Asking_the_reporter_pauses_the_resolution_clock_and_their_reply_resumes_it_later()
    {
        bot.ClickOnCase(TestPolicy.Agent, Verbs.Claim);
        bot.Now = T0 + Duration.FromHours(1);
        var ask = bot.ClickOnCase(TestPolicy.Agent, Verbs.AskReporter, new() { ["question"] = "Which building?" });
        Assert.Equal(CaseStatus.WaitingOnCustomer, bot.State.OnlyCase.Status);
        Assert.Null(bot.State.OnlyCase.ResolutionDueAt);
        Assert.Contains(ask.Outbox, o => o is DirectMessage { Message.Template: Cards.AskReporter });

        bot.Now = T0 + Duration.FromHours(3);
        var reply = bot.Say(TestPolicy.Reporter, "Building 7");

        var c = bot.State.OnlyCase;
        Assert.Equal(CaseStatus.InProgress, c.Status);
        Assert.Equal(T0 + Duration.FromHours(6), c.ResolutionDueAt);
        Assert.Contains(reply.Outbox, o => o is DirectMessage d && d.To == TestPolicy.Agent);
        Assert.False(bot.State.Timers.ContainsKey((c.Id, TimerKeys.AutoClose)));
    }

    [Fact]
    public void Resolving_needs_an_outcome_and_a_summary_and_a_raised_bug_needs_its_reference_and_fix_date()
    {
        var missing = bot.ClickOnCase(TestPolicy.Agent, Verbs.Resolve, new() { ["outcome"] = "bug-raised" });

        Assert.Equal(["detail", "fixDate", "summary"], missing.Reply!.Errors.Keys.Order());
        Assert.True(bot.State.OnlyCase.IsOpen);
    }

    [Fact]
    public void Resolving_tells_the_reporter_and_sets_the_auto_close_and_rating_follow_up()
    {
        bot.ClickOnCase(TestPolicy.Agent, Verbs.Claim);
        var step = bot.ClickOnCase(TestPolicy.Agent, Verbs.Resolve, new() { ["outcome"] = "fixed", ["summary"] = "Restarted the controller" });

        var c = bot.State.OnlyCase;
        Assert.Equal(CaseStatus.Resolved, c.Status);
        Assert.Equal(OutcomeKind.Fixed, c.Outcome!.Kind);
        Assert.Contains(step.Outbox, o => o is DirectMessage { Message.Template: Cards.Resolved });
        // A Severity 1 also gets its root cause analysis reminder.
        Assert.Equal([TimerKeys.AutoClose, TimerKeys.Csat, TimerKeys.Postmortem], bot.State.Timers.Keys.Where(k => k.CaseId == c.Id).Select(k => k.Key).Order());
    }

    [Fact]
    public void Escalating_a_tier_moves_l1_to_l2_and_stops_at_l3()
    {
        var noReason = bot.ClickOnCase(TestPolicy.Agent, Verbs.EscalateTier);
        Assert.Equal("A reason is required to escalate.", noReason.Reply!.Errors["escalateReason"]);
        bot.ClickOnCase(TestPolicy.Agent, Verbs.EscalateTier, new() { ["escalateReason"] = "RADIUS errors" });
        bot.ClickOnCase(TestPolicy.Agent, Verbs.EscalateTier, new() { ["escalateReason"] = "certificate chain" });
        var refused = bot.ClickOnCase(TestPolicy.Agent, Verbs.EscalateTier, new() { ["escalateReason"] = "more" });

        Assert.Equal(3, bot.State.OnlyCase.Tier);
        Assert.Equal("SUP-000001 is already at L3, the last tier.", refused.Reply!.Text);
    }

    [Fact]
    public void The_queue_lists_open_cases_by_severity_then_time_of_receipt()
    {
        bot.Now = T0 + Duration.FromMinutes(1);
        bot.Say(TestPolicy.OtherReporter, "slow");
        bot.Click(TestPolicy.OtherReporter, Verbs.IntakeNext, new() { ["shown"] = "category,impact,title,description,contact_email", ["category"] = "wifi", ["impact"] = "some", ["title"] = "Slow", ["description"] = "d" });
        bot.Click(TestPolicy.OtherReporter, Verbs.IntakeNext, new() { ["shown"] = "category,impact,ssid,title,description,contact_email", ["category"] = "wifi", ["impact"] = "some", ["ssid"] = "x", ["title"] = "Slow", ["description"] = "d" });
        bot.Click(TestPolicy.OtherReporter, Verbs.IntakeSubmit);

        var step = bot.Say(TestPolicy.Agent, "queue", TestPolicy.Triage);

        var numbers = step.Reply!.Card!.Data["cases"]!.AsArray().Select(c => c!["number"]!.GetValue<string>());
        Assert.Equal(["SUP-000001", "SUP-000002"], numbers);
    }

    [Fact]
    public void A_reporter_cannot_see_the_status_of_someone_elses_case()
    {
        var step = bot.Say(TestPolicy.OtherReporter, "status SUP-000001");

        Assert.Equal("There is no case SUP-000001 that you can see.", step.Reply!.Text);
    }
}
