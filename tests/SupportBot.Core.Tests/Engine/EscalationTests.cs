using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.Escalation;
using SupportBot.Core.OnCall;
using SupportBot.Core.Policy;

namespace SupportBot.Core.Tests.Engine;

/// <summary>
/// The engine's escalation rules that the host tests do not reach: people on two platforms, snoozes,
/// lapsed claims, take-overs and the resolve that stops every page.
/// </summary>
public sealed class EscalationTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 10, 0);

    /// <summary>The on-call engineer is on Slack and in the local workspace; agent-1 is on call too.</summary>
    private static readonly UserRef OncallOnSlack = new(ChannelKind.Slack, "U0ONCALL", "Olive Oncall");
    private static readonly UserRef OncallLocal = new(ChannelKind.Local, "oncall-1", "Olive Oncall");

    private readonly EngineDriver bot = new(T0, Policy(), new Desk(TestPolicy.Triage, null) { Platforms = [ChannelKind.Local, ChannelKind.Slack] });

    private static SupportPolicy Policy()
    {
        var policy = TestPolicy.Create();
        var oncall = new Person("oncall-1", "Olive Oncall", null, null, DateTimeZone.Utc,
            new Dictionary<string, string> { ["local"] = "oncall-1", ["slack"] = "U0ONCALL" }, null);
        return policy with
        {
            Ladders =
            [
                new EscalationLadder("sev1", ["sev1"],
                [
                    new LadderLevel(1, "On call", new LadderTrigger(TriggerKind.ResponseBreach, null), "oncall", Duration.FromMinutes(10), 1),
                    new LadderLevel(2, "Managers", new LadderTrigger(TriggerKind.Manual, null), Actor.ManagersRole, Duration.FromMinutes(10), 0),
                ], new ManualEscalation(true, null, "Not yet.", ["reason"])),
            ],
            People = policy.People with
            {
                People = [.. policy.People.People, oncall],
                Roles = [.. policy.People.Roles, new Role("oncall", "On call", ["oncall-1", "agent-1"], RoleSelection.All, null, null)],
            },
        };
    }

    [Fact]
    public void A_page_reaches_a_person_on_every_platform_and_an_acknowledgement_from_either_stops_both()
    {
        bot.ReportSeverity1();
        bot.Now = T0 + Duration.FromMinutes(15);
        var paged = Assert.Single(bot.FireDue(), s => s.Outbox.OfType<DirectMessage>().Any(d => d.Message.Template == Cards.Page));

        // agent-1 has no Slack account in the policy but has an email: Slack finds them by it at delivery.
        Assert.Equal(["local:agent-1", "local:oncall-1", "slack:email:agent-1@example.com", "slack:U0ONCALL"],
            paged.Outbox.OfType<DirectMessage>().Where(d => d.Message.Template == Cards.Page).Select(d => d.To.Key).Order());

        var ack = bot.Click(OncallOnSlack, Verbs.PageAck, new() { [Verbs.CaseKey] = bot.State.OnlyCase.Id, ["level"] = "1" });
        var updated = ack.Outbox.OfType<UpdateMessage>().Where(u => u.Message.Template == Cards.Page).Select(u => u.MessageLane).Order();
        Assert.Equal(["local:dm:agent-1", "local:dm:oncall-1", "slack:dm:email:agent-1@example.com", "slack:dm:U0ONCALL"], updated);
        // Nothing new is sent to anyone: the pages are redrawn, the triage card shows who acknowledged.
        Assert.DoesNotContain(ack.Outbox, o => o is DirectMessage or PostMessage);
        Assert.Equal("Olive Oncall", bot.State.OnlyCase.Escalation.AcknowledgedBy!.Name);

        var fromLocal = bot.Click(OncallLocal, Verbs.PageAck, new() { [Verbs.CaseKey] = bot.State.OnlyCase.Id, ["level"] = "1" });
        Assert.StartsWith("You acknowledged this at", fromLocal.Reply!.Text, StringComparison.Ordinal);
        Assert.False(fromLocal.ChangesState);
        Assert.DoesNotContain(bot.State.Timers.Keys, k => k.Key.StartsWith(TimerKeys.PagePrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void Someone_the_policy_knows_only_by_email_acknowledges_a_page_from_a_Slack_account_with_that_email_under_their_own_name()
    {
        bot.ReportSeverity1();
        bot.Now = T0 + Duration.FromMinutes(15);
        bot.FireDue();
        var data = new Dictionary<string, string> { [Verbs.CaseKey] = bot.State.OnlyCase.Id, ["level"] = "1" };

        var stranger = bot.Click(new UserRef(ChannelKind.Slack, "U0ALEX", "alex"), Verbs.PageAck, data);
        Assert.False(stranger.ChangesState);

        bot.Click(new UserRef(ChannelKind.Slack, "U0ALEX", "alex", Email: "Agent-1@Example.com"), Verbs.PageAck, data);

        Assert.Equal("Alex Agent", bot.State.OnlyCase.Escalation.AcknowledgedBy!.Name);
        var acknowledged = Assert.Single(bot.State.Events, e => e.Type == "page-acknowledged");
        Assert.Equal(("slack:U0ALEX", "Alex Agent"), (acknowledged.ActorKey, acknowledged.ActorName));
        Assert.StartsWith("Alex Agent acknowledged the level 1 page", acknowledged.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void An_escalation_request_never_pages_the_person_who_asked_even_when_they_are_on_call()
    {
        bot.ReportSeverity1();

        bot.Click(TestPolicy.Agent, Verbs.EscalationRequest, new() { [Verbs.CaseKey] = bot.State.OnlyCase.Id, ["reason"] = "Customer is losing money" }, TestPolicy.Triage);

        var pages = bot.State.Outbox.OfType<DirectMessage>().Where(d => d.Message.Template == Cards.Page).Select(d => d.To.Key).Order();
        Assert.Equal(["local:oncall-1", "slack:U0ONCALL"], pages);
        Assert.Contains(bot.State.Events, e => e.Type == "escalation-requested" && e.Summary.Contains("Customer is losing money", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_people_paged_or_in_the_role_may_acknowledge_and_only_the_current_level()
    {
        bot.ReportSeverity1();
        bot.Now = T0 + Duration.FromMinutes(15);
        bot.FireDue();
        var id = bot.State.OnlyCase.Id;

        var reporter = bot.Click(TestPolicy.Reporter, Verbs.PageAck, new() { [Verbs.CaseKey] = id, ["level"] = "1" });
        var otherAgent = bot.Click(TestPolicy.Agent2, Verbs.PageAck, new() { [Verbs.CaseKey] = id, ["level"] = "1" });
        var stale = bot.Click(OncallLocal, Verbs.PageAck, new() { [Verbs.CaseKey] = id, ["level"] = "2" });

        // Someone outside the desk learns nothing about the case, not even who was paged.
        Assert.Equal($"There is no case {bot.State.OnlyCase.Number} that you can see.", reporter.Reply!.Text);
        Assert.StartsWith("This page is for", otherAgent.Reply!.Text, StringComparison.Ordinal);
        Assert.StartsWith($"{bot.State.OnlyCase.Number} has moved on to level 1", stale.Reply!.Text, StringComparison.Ordinal);
        Assert.False(bot.State.OnlyCase.Escalation.IsAcknowledged);
    }

    [Fact]
    public void Take_over_acknowledges_the_page_makes_the_taker_the_owner_and_tells_the_reporter()
    {
        bot.ReportSeverity1();
        bot.Now = T0 + Duration.FromMinutes(15);
        bot.FireDue();

        var step = bot.Click(OncallLocal, Verbs.PageTakeOver, new() { [Verbs.CaseKey] = bot.State.OnlyCase.Id, ["level"] = "1" });

        var c = bot.State.OnlyCase;
        Assert.Equal(OncallLocal.Key, c.Owner!.Key);
        Assert.Equal(CaseStatus.Acknowledged, c.Status);
        Assert.True(c.Escalation.IsAcknowledged);
        Assert.Contains(step.Outbox, o => o is DirectMessage d && d.To == TestPolicy.Reporter && d.Message.Template == Cards.CaseUpdate);
        Assert.Equal(["page-acknowledged", "taken-over"], step.Cases.Single().Events.Select(e => e.Type));
        Assert.Contains(step.Outbox, o => o is InviteToChannel i && i.Users.Any(u => u.Key == OncallLocal.Key));
    }

    [Fact]
    public void A_claim_with_no_action_within_the_response_target_lapses_and_the_ladder_moves_on()
    {
        bot.ReportSeverity1();
        bot.ClickOnCase(TestPolicy.Agent2, Verbs.Claim);
        bot.Now = T0 + Duration.FromMinutes(15);

        bot.FireDue();

        var c = bot.State.OnlyCase;
        Assert.Null(c.Owner);
        Assert.Equal(CaseStatus.New, c.Status);
        Assert.Equal(1, c.Escalation.Level);
        Assert.Contains(bot.State.Events, e => e.Type == "claim-lapsed");
        Assert.Contains(bot.State.Outbox, o => o is DirectMessage d && d.To == TestPolicy.Agent2 && d.Message.Template == Cards.Reminder);
    }

    [Fact]
    public void A_claim_followed_by_an_update_does_not_lapse()
    {
        bot.ReportSeverity1();
        bot.ClickOnCase(TestPolicy.Agent2, Verbs.Claim);
        bot.ClickOnCase(TestPolicy.Agent2, Verbs.PostUpdate, new() { ["update"] = "Rebooting the controllers" });
        bot.Now = T0 + Duration.FromMinutes(15);

        bot.FireDue();

        Assert.Equal(TestPolicy.Agent2.Key, bot.State.OnlyCase.Owner!.Key);
        Assert.DoesNotContain(bot.State.Events, e => e.Type == "claim-lapsed");
    }

    [Fact]
    public void Snoozing_holds_the_owners_update_reminders_until_it_ends_but_never_for_longer_than_the_policy_allows()
    {
        bot.ReportSeverity1();
        bot.ClickOnCase(TestPolicy.Agent2, Verbs.Claim);
        bot.ClickOnCase(TestPolicy.Agent2, Verbs.PostUpdate, new() { ["update"] = "Rebooting the controllers" });

        var tooLong = bot.ClickOnCase(TestPolicy.Agent2, Verbs.Snooze, new() { ["snoozeFor"] = "600", ["snoozeReason"] = "vendor call" });
        var notOwner = bot.ClickOnCase(TestPolicy.Agent, Verbs.Snooze, new() { ["snoozeFor"] = "60", ["snoozeReason"] = "vendor call" });
        bot.ClickOnCase(TestPolicy.Agent2, Verbs.Snooze, new() { ["snoozeFor"] = "60", ["snoozeReason"] = "On a call with the vendor" });
        bot.Now = T0 + Duration.FromMinutes(30);
        var during = bot.FireDue();
        bot.Now = T0 + Duration.FromMinutes(60);
        var after = bot.FireDue();

        Assert.Contains("snoozeFor", tooLong.Reply!.Errors.Keys);
        Assert.StartsWith("Only the owner", notOwner.Reply!.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(during.SelectMany(s => s.Outbox), o => o is DirectMessage { Message.Template: Cards.Reminder });
        Assert.Contains(after.SelectMany(s => s.Outbox), o => o is DirectMessage d && d.To == TestPolicy.Agent2 && d.Message.Template == Cards.Reminder);
        Assert.Contains(bot.State.Events, e => e.Type == "snoozed" && e.Summary.Contains("On a call with the vendor", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolving_cancels_every_page_and_takes_the_buttons_off_the_pages_still_waiting()
    {
        bot.ReportSeverity1();
        bot.Now = T0 + Duration.FromMinutes(15);
        bot.FireDue();

        var step = bot.ClickOnCase(TestPolicy.Agent, Verbs.Resolve, new() { ["outcome"] = "fixed", ["summary"] = "Controller replaced" });

        Assert.DoesNotContain(bot.State.Timers.Keys, k => k.Key.StartsWith(TimerKeys.PagePrefix, StringComparison.Ordinal));
        var closed = step.Outbox.OfType<UpdateMessage>().Where(u => u.Message.Template == Cards.Page).ToList();
        Assert.Equal(4, closed.Count);
        Assert.All(closed, u => Assert.False(u.Message.Data["isOpen"]!.GetValue<bool>()));
        Assert.Contains(step.Outbox, o => o is ArchiveChannel);
    }

    [Fact]
    public void A_downgrade_from_Severity_1_stops_the_bridge_reminders_but_keeps_the_bridge_and_says_so_there()
    {
        bot.ReportSeverity1();
        var bridge = bot.State.OnlyCase.BridgeKey;

        var step = bot.ClickOnCase(TestPolicy.Manager, Verbs.ChangeSeverity, new() { ["severity"] = "sev2", ["reason"] = "Only one site" });
        bot.Now = T0 + Duration.FromHours(3);
        var later = bot.FireDue();

        Assert.Equal(bridge, bot.State.OnlyCase.BridgeKey);
        Assert.Contains(step.Outbox, o => o is PostToChannel p && p.ChannelKey == bridge && p.Message.Text.Contains("Severity changed to Severity 2", StringComparison.Ordinal));
        Assert.DoesNotContain(step.Outbox, o => o is ArchiveChannel);
        Assert.DoesNotContain(bot.State.Timers.Keys, k => k.Key == TimerKeys.Update);
        Assert.DoesNotContain(later.SelectMany(s => s.Outbox), o => o is PostToChannel);
    }

    [Fact]
    public void A_resolution_breach_level_still_pages_at_the_later_due_time_after_the_clock_was_paused()
    {
        var policy = Policy();
        policy = policy with
        {
            Ladders = [policy.Ladders[0] with { Levels = [new LadderLevel(1, "Managers", new LadderTrigger(TriggerKind.ResolutionBreach, null), Actor.ManagersRole, Duration.FromMinutes(10), 0)] }],
        };
        var paused = new EngineDriver(T0, policy);
        paused.ReportSeverity1();
        paused.ClickOnCase(TestPolicy.Agent, Verbs.Claim);
        paused.Now = T0 + Duration.FromHours(1);
        paused.ClickOnCase(TestPolicy.Agent, Verbs.AskReporter, new() { ["question"] = "Which building?" });
        paused.Now = T0 + Duration.FromHours(2);
        paused.Say(TestPolicy.Reporter, "Building B");

        paused.Now = T0 + Duration.FromHours(4) + Duration.FromMinutes(30);
        paused.FireDue();
        Assert.Equal(0, paused.State.OnlyCase.Escalation.Level);
        paused.Now = T0 + Duration.FromHours(5);
        paused.FireDue();

        // Four hours of resolution time, one of them spent waiting on the reporter.
        Assert.Equal(T0 + Duration.FromHours(5), paused.State.OnlyCase.ResolutionDueAt);
        Assert.Equal(1, paused.State.OnlyCase.Escalation.Level);
    }

    [Fact]
    public void A_reopened_incident_gets_a_new_bridge_created_before_anything_is_posted_to_it_and_its_ladder_starts_again()
    {
        bot.ReportSeverity1();
        bot.Now = T0 + Duration.FromMinutes(15);
        bot.FireDue();
        bot.Click(OncallLocal, Verbs.PageAck, new() { [Verbs.CaseKey] = bot.State.OnlyCase.Id, ["level"] = "1" });
        bot.ClickOnCase(TestPolicy.Agent, Verbs.Resolve, new() { ["outcome"] = "fixed", ["summary"] = "Controller replaced" });
        var first = bot.State.OnlyCase.BridgeKey;

        var reopen = bot.ClickOnCase(TestPolicy.Reporter, Verbs.ReporterBroken, new() { ["comment"] = "Still down" }, EngineDriver.Dm(TestPolicy.Reporter));

        var c = bot.State.OnlyCase;
        Assert.NotEqual(first, c.BridgeKey);
        var lane = Outgoing.ChannelLane(c.BridgeKey!);
        var ops = reopen.Outbox.Where(o => o.Lane == lane).Select(o => o.GetType().Name).ToList();
        Assert.Equal(nameof(CreateChannel), ops[0]);
        Assert.True(ops.IndexOf(nameof(PostToChannel)) < ops.IndexOf(nameof(UpdateMessage)));
        Assert.Equal(EscalationState.None, c.Escalation);
        Assert.Contains(bot.State.Timers.Keys, k => k.Key.StartsWith(TimerKeys.LadderPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void A_reporter_asking_for_status_sees_only_the_public_part_of_the_log()
    {
        bot.ReportSeverity1();
        bot.ClickOnCase(TestPolicy.Agent, Verbs.Claim);
        bot.ClickOnCase(TestPolicy.Agent, Verbs.Snooze, new() { ["snoozeFor"] = "30", ["snoozeReason"] = "internal only" });

        var status = bot.Say(TestPolicy.Reporter, $"status {bot.State.OnlyCase.Number}");

        var log = status.Reply!.Card!.Data["events"]!.AsArray().Select(e => e!["summary"]!.GetValue<string>()).ToList();
        Assert.Contains(log, l => l.Contains("claimed", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains("internal only", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains("bridge", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("SUP-000042", "Wifi down everywhere", "incident-sup-000042-wifi-down-everywhere")]
    [InlineData("SUP-000042", "Café réseau: ÉCHEC!!", "incident-sup-000042-cafe-reseau-echec")]
    [InlineData("SUP-000042", "全部 ダウン", "incident-sup-000042")]
    public void Bridge_names_follow_the_strictest_platform_rules(string number, string title, string expected)
    {
        Assert.Equal(expected, BridgeName.For(number, title));
        Assert.True(BridgeName.For(number, new string('x', 200)).Length <= BridgeName.MaxLength);
    }
}
