using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Engine;

namespace SupportBot.Core.Tests.Engine;

/// <summary>
/// What the timer auditor asks the engine for the one-shot timers: the claim lapse, the auto-close,
/// the rating request and the postmortem reminder. Wherever it can, a test checks that the timers
/// asked for are exactly those the engine itself has pending, at the same times.
/// </summary>
public sealed class FollowUpClockTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 10, 0);
    private static readonly string[] OneShotKeys = [TimerKeys.ClaimLapse, TimerKeys.AutoClose, TimerKeys.Csat, TimerKeys.Postmortem];
    private readonly EngineDriver bot = new(T0);

    private CaseRecord Case => bot.State.OnlyCase;

    [Fact]
    public void A_claim_nobody_acts_on_needs_its_lapse_at_the_response_target_as_the_engine_set_it()
    {
        bot.ReportSeverity1();
        At(Duration.FromMinutes(4));
        bot.ClickOnCase(TestPolicy.Agent, Verbs.Claim);

        Assert.Equal(T0 + Duration.FromMinutes(19), Due("claim-lapse"));
        AssertNeedsMatchPending();
    }

    [Theory]
    [InlineData(Verbs.PostUpdate, "update", "Looking at the controller")]
    [InlineData(Verbs.AskReporter, "question", "Which building?")]
    [InlineData(Verbs.EscalateTier, "escalateReason", "Needs the network team")]
    public void An_update_a_question_or_a_tier_escalation_after_the_claim_needs_no_lapse(string verb, string field, string text)
    {
        bot.ReportSeverity1();
        bot.ClickOnCase(TestPolicy.Agent, Verbs.Claim);
        At(Duration.FromMinutes(5));

        bot.ClickOnCase(TestPolicy.Agent, verb, new() { [field] = text });

        Assert.Null(Due("claim-lapse"));
        AssertNeedsMatchPending();
    }

    [Fact]
    public void A_managers_severity_change_leaves_the_owners_claim_to_lapse()
    {
        bot.ReportSeverity1();
        bot.ClickOnCase(TestPolicy.Agent, Verbs.Claim);

        bot.ClickOnCase(TestPolicy.Manager, Verbs.ChangeSeverity, new() { ["severity"] = "sev2", ["reason"] = "One site only" });

        Assert.NotNull(Due("claim-lapse"));
        AssertNeedsMatchPending();
    }

    [Fact]
    public void The_owners_own_severity_change_counts_as_acting_on_the_claim()
    {
        ReportSeverity2();
        bot.ClickOnCase(TestPolicy.Agent, Verbs.Claim);

        bot.ClickOnCase(TestPolicy.Agent, Verbs.ChangeSeverity, new() { ["severity"] = "sev1", ["reason"] = "All sites are down" });

        Assert.Null(Due("claim-lapse"));
        AssertNeedsMatchPending();
    }

    [Fact]
    public void A_lost_lapse_already_past_is_due_now_and_once_it_fired_nothing_is_needed()
    {
        bot.ReportSeverity1();
        bot.ClickOnCase(TestPolicy.Agent, Verbs.Claim);
        var lapse = bot.State.Timers[(Case.Id, TimerKeys.ClaimLapse)];
        Lose(TimerKeys.ClaimLapse);
        At(Duration.FromMinutes(20));

        Assert.Equal(bot.Now, Due("claim-lapse"));

        bot.State.Apply(bot.Engine.HandleTimer(lapse, bot.State, bot.Now), bot.Now);
        Assert.Equal(CaseStatus.New, Case.Status);
        Assert.Null(Due("claim-lapse"));
    }

    [Fact]
    public void A_claim_on_a_case_already_in_progress_needs_no_lapse_since_firing_it_would_do_nothing()
    {
        bot.ReportSeverity1();
        bot.ClickOnCase(TestPolicy.Agent2, Verbs.PostUpdate, new() { ["update"] = "Looking" });

        bot.ClickOnCase(TestPolicy.Agent, Verbs.Claim);

        // The engine arms it anyway; when it comes due it finds the case in progress and does nothing.
        Assert.Contains((Case.Id, TimerKeys.ClaimLapse), bot.State.Timers.Keys);
        Assert.Equal(CaseStatus.InProgress, Case.Status);
        Assert.Null(Due("claim-lapse"));
    }

    [Fact]
    public void A_case_waiting_on_the_reporter_needs_its_auto_close_from_the_latest_question_until_they_answer()
    {
        bot.ReportSeverity1();
        At(Duration.FromMinutes(5));
        bot.ClickOnCase(TestPolicy.Agent, Verbs.AskReporter, new() { ["question"] = "Which building?" });
        At(Duration.FromHours(1));
        bot.ClickOnCase(TestPolicy.Agent, Verbs.AskReporter, new() { ["question"] = "Which floor?" });
        At(Duration.FromHours(2));
        bot.ClickOnCase(TestPolicy.Agent, Verbs.PostUpdate, new() { ["update"] = "Still waiting for the floor" });

        Assert.Equal(T0 + Duration.FromHours(1) + Duration.FromDays(14), Due("auto-close"));
        AssertNeedsMatchPending();

        bot.ClickOnCase(TestPolicy.Reporter, Verbs.ReporterReply, new() { ["reply"] = "Third floor" }, EngineDriver.Dm(TestPolicy.Reporter));
        Assert.Null(Due("auto-close"));
        AssertNeedsMatchPending();
    }

    [Fact]
    public void A_resolved_case_needs_its_auto_close_rating_request_and_postmortem_as_the_engine_set_them()
    {
        bot.ReportSeverity1();
        Resolve(Duration.FromMinutes(10));

        var resolvedAt = T0 + Duration.FromMinutes(10);
        Assert.Equal(resolvedAt + Duration.FromDays(5), Due("auto-close"));
        Assert.Equal(resolvedAt + Duration.FromDays(1), Due("rating"));
        Assert.Equal(resolvedAt + Duration.FromDays(14), Due("postmortem"));
        AssertNeedsMatchPending();
    }

    [Fact]
    public void Each_follow_up_needs_nothing_more_once_it_fired_and_a_closed_incident_still_needs_its_postmortem()
    {
        bot.ReportSeverity1();
        Resolve(Duration.Zero);

        At(Duration.FromDays(1));
        Assert.Single(bot.FireDue());
        Assert.Null(Case.Rating);
        Assert.Null(Due("rating"));
        AssertNeedsMatchPending();

        At(Duration.FromDays(5));
        Assert.Single(bot.FireDue());
        Assert.Equal(CaseStatus.Closed, Case.Status);
        Assert.Equal(["postmortem"], Needs().Select(n => n.Clock));
        AssertNeedsMatchPending();

        At(Duration.FromDays(14));
        Assert.Single(bot.FireDue());
        Assert.Empty(Needs());
    }

    [Fact]
    public void A_case_the_reporter_confirms_without_rating_still_needs_its_rating_request_and_a_rating_ends_it()
    {
        bot.ReportSeverity1();
        Resolve(Duration.Zero);

        bot.ClickOnCase(TestPolicy.Reporter, Verbs.ReporterFixed, where: EngineDriver.Dm(TestPolicy.Reporter));
        Assert.Equal(CaseStatus.Closed, Case.Status);
        Assert.Equal(["rating", "postmortem"], Needs().Select(n => n.Clock));
        AssertNeedsMatchPending();

        bot.ClickOnCase(TestPolicy.Reporter, Verbs.ReporterRate, new() { ["rating"] = "4" }, EngineDriver.Dm(TestPolicy.Reporter));
        Assert.Equal(["postmortem"], Needs().Select(n => n.Clock));
        AssertNeedsMatchPending();
    }

    [Fact]
    public void A_second_resolve_after_a_reopen_needs_a_new_rating_request_and_postmortem()
    {
        bot.ReportSeverity1();
        Resolve(Duration.Zero);
        At(Duration.FromDays(1));
        bot.FireDue();
        bot.ClickOnCase(TestPolicy.Reporter, Verbs.ReporterBroken, new() { ["comment"] = "Down again" }, EngineDriver.Dm(TestPolicy.Reporter));
        Assert.DoesNotContain(Needs(), n => n.Clock is "auto-close" or "rating" or "postmortem");
        AssertNeedsMatchPending();

        Resolve(Duration.FromDays(2));

        Assert.Equal(T0 + Duration.FromDays(3), Due("rating"));
        AssertNeedsMatchPending();
    }

    [Fact]
    public void A_case_without_a_bridge_needs_no_postmortem()
    {
        ReportSeverity2();

        Resolve(Duration.FromMinutes(30));

        Assert.Equal(["auto-close", "rating"], Needs().Select(n => n.Clock));
        AssertNeedsMatchPending();
    }

    [Fact]
    public void A_case_fixed_at_first_contact_needs_no_follow_up()
    {
        bot.Say(TestPolicy.Reporter, "invoice wrong");
        bot.Click(TestPolicy.Reporter, Verbs.IntakeNext, new() { ["shown"] = "category,impact,title,description,contact_email", ["category"] = "billing", ["impact"] = "some", ["title"] = "Invoice", ["description"] = "Too high" });

        bot.Click(TestPolicy.Reporter, Verbs.DeflectionFixed);

        Assert.True(Case.ResolvedAtFirstContact);
        Assert.Empty(Needs());
    }

    [Fact]
    public void A_lost_follow_up_already_past_is_due_now()
    {
        bot.ReportSeverity1();
        Resolve(Duration.Zero);
        Lose(TimerKeys.AutoClose);
        Lose(TimerKeys.Csat);

        At(Duration.FromDays(6));

        Assert.Equal(bot.Now, Due("auto-close"));
        Assert.Equal(bot.Now, Due("rating"));
        Assert.Equal(T0 + Duration.FromDays(14), Due("postmortem"));
    }

    private void At(Duration sinceT0) => bot.Now = T0 + sinceT0;

    private void Resolve(Duration sinceT0)
    {
        At(sinceT0);
        if (Case.Owner is null)
        {
            bot.ClickOnCase(TestPolicy.Agent, Verbs.Claim);
        }
        bot.ClickOnCase(TestPolicy.Agent, Verbs.Resolve, new() { ["outcome"] = "fixed", ["summary"] = "Rebooted the controller" });
    }

    private void ReportSeverity2()
    {
        bot.Say(TestPolicy.Reporter, "slow wifi");
        bot.Click(TestPolicy.Reporter, Verbs.IntakeNext, new() { ["shown"] = "category,impact,title,description,contact_email", ["category"] = "wifi", ["impact"] = "some", ["title"] = "Slow", ["description"] = "d" });
        bot.Click(TestPolicy.Reporter, Verbs.IntakeNext, new() { ["shown"] = "category,impact,ssid,title,description,contact_email", ["category"] = "wifi", ["impact"] = "some", ["ssid"] = "x", ["title"] = "Slow", ["description"] = "d" });
        bot.Click(TestPolicy.Reporter, Verbs.IntakeSubmit);
        Assert.Equal("sev2", Case.SeverityId);
    }

    /// <summary>A timer lost from the store: gone from the pending timers without being handled.</summary>
    private void Lose(string key) => Assert.True(bot.State.Claim(bot.State.Timers[(Case.Id, key)]));

    private IReadOnlyList<ClockNeed> Needs() => bot.Engine.ClockTimers(Case, bot.State, bot.Now);

    private Instant? Due(string clock) => Needs().SingleOrDefault(n => n.Clock == clock)?.Timers.Single().DueAt;

    private void AssertNeedsMatchPending()
    {
        var needed = Needs().SelectMany(n => n.Timers).Where(t => OneShotKeys.Contains(t.Key)).Select(t => $"{t.Key} at {t.DueAt}").Order(StringComparer.Ordinal);
        var pending = bot.State.Timers.Values.Where(t => t.CaseId == Case.Id && OneShotKeys.Contains(t.Key)).Select(t => $"{t.Key} at {t.DueAt}").Order(StringComparer.Ordinal);
        Assert.Equal(pending, needed);
    }
}
