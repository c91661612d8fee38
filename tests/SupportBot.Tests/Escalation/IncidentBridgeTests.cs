using SupportBot.Local;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Escalation;

/// <summary>The Severity 1 bridge under the default preset, on the real app and the local workspace.</summary>
public sealed class IncidentBridgeTests
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_Severity_1_intake_opens_exactly_one_bridge_with_the_right_members_and_a_pinned_status_card()
    {
        await using var bot = await new EscalationScenario(Monday10Utc).StartAsync();
        await LocalPeople.ReportAsync(bot.Host, "rita", "Wifi down");
        await bot.DeliverAsync();

        var bridge = Assert.Single(Bridges(bot));
        Assert.Equal("incident-sup-000001-wifi-down", bridge.Name);
        Assert.StartsWith("SUP-000001 Severity 1: Wifi down.", bridge.Topic, StringComparison.Ordinal);
        // The reporter, and whoever each level of the Severity 1 ladder would page now (Monday 10:00 in London):
        // the L2 rota's engineer of the week, the L3 network engineer and the EMEA manager on follow-the-sun.
        Assert.Equal(["l2-1", "l3-1", "manager-2", "rita"], bridge.Members.Order(StringComparer.Ordinal));
        var status = Assert.Single(bot.Local.Messages(bridge.Id));
        Assert.Equal("bridge-status", status.Template);
        Assert.True(status.Pinned);
        Assert.Contains("bridge-opened", bot.Log());
    }

    [Fact]
    public async Task Update_reminders_come_at_the_cadence_until_resolve_then_stop_and_the_bridge_gets_the_timeline_and_is_archived()
    {
        await using var bot = await new EscalationScenario(Monday10Utc).StartAsync();
        await LocalPeople.ReportAsync(bot.Host, "rita", "Wifi down");
        var caseId = bot.CaseId();
        await bot.AdvanceAsync(TimeSpan.FromMinutes(5));
        await bot.Host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.claim", new() { ["case"] = caseId }));
        await bot.Host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.update", new() { ["case"] = caseId, ["update"] = "Failing over the RADIUS cluster" }));

        for (var minute = 5; minute < 100; minute += 5)
        {
            await bot.AdvanceAsync(TimeSpan.FromMinutes(5));
        }
        await bot.Host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.resolve",
            new() { ["case"] = caseId, ["outcome"] = "fixed", ["summary"] = "The RADIUS cluster failed over" }));
        await bot.DeliverAsync();
        await bot.AdvanceAsync(TimeSpan.FromHours(2));

        // Every 30 minutes from the last update at 10:05: 10:35, 11:05 and 11:35; none after the resolve at 11:40.
        var reminders = bot.Db.Texts("SELECT CAST(at AS TEXT) FROM case_events WHERE type = 'update-reminder' ORDER BY id")
            .Select(at => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(at, System.Globalization.CultureInfo.InvariantCulture)).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["10:35", "11:05", "11:35"], reminders);
        var bridge = Assert.Single(Bridges(bot));
        var messages = bot.Local.Messages(bridge.Id);
        Assert.Equal(3, messages.Count(m => m.Template == "reminder"));
        Assert.Contains(messages, m => m.Template == "case-update" && m.Text.Contains("Update on SUP-000001", StringComparison.Ordinal));
        Assert.Equal("incident-summary", messages[^1].Template);
        Assert.True(bridge.Archived);
        Assert.Contains("agent-1", bridge.Members);
        Assert.Equal(1, bot.Db.Count("SELECT count(*) FROM timers WHERE status = 'pending' AND key = 'postmortem'"));
        Assert.Equal(0, bot.Db.Count("SELECT count(*) FROM timers WHERE status = 'pending' AND (key LIKE 'page:%' OR key LIKE 'ladder:%' OR key = 'update')"));
    }

    [Fact]
    public async Task A_second_matching_report_is_linked_not_duplicated_and_its_reporter_gets_the_next_status_update()
    {
        await using var bot = await new EscalationScenario(Monday10Utc).StartAsync();
        await LocalPeople.ReportAsync(bot.Host, "rita", "Wifi down");
        var caseId = bot.CaseId();

        await bot.Host.PostAsync(LocalPeople.Say("otto", "cannot connect from the Paris office"));
        await bot.Host.PostAsync(LocalPeople.Click("otto", "dm:otto", "intake.next", LocalPeople.Severity1Answers("Paris cannot connect")));
        var preview = await bot.Host.PostAsync(LocalPeople.Click("otto", "dm:otto", "intake.continue"));
        var joined = await bot.Host.PostAsync(LocalPeople.Click("otto", "dm:otto", "intake.join", new() { ["case"] = caseId }));
        await bot.Host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.claim", new() { ["case"] = caseId }));
        await bot.Host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.update", new() { ["case"] = caseId, ["update"] = "A fix is rolling out region by region" }));
        await bot.DeliverAsync();

        Assert.Equal("intake-preview", preview.Card);
        Assert.Equal("notice", joined.Card);
        Assert.Equal(1, bot.Db.Count("SELECT count(*) FROM cases"));
        Assert.Equal(1, bot.Db.Count("SELECT count(*) FROM case_events WHERE type = 'report-linked'"));
        var updates = bot.Local.Messages("dm:otto").Where(m => m.Template == "case-update").Select(m => m.Data["body"]!.GetValue<string>()).ToList();
        Assert.Contains("A fix is rolling out region by region", updates);
        // Linked reporters get updates by direct message; the bridge stays the desk's own room.
        Assert.DoesNotContain("otto", Assert.Single(Bridges(bot)).Members);
        Assert.Contains("Reporter otto", TriageCard(bot), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_matching_report_from_another_customer_is_not_offered_the_open_incident()
    {
        await using var bot = await new EscalationScenario(Monday10Utc).StartAsync();
        await LocalPeople.ReportAsync(bot.Host, "rita", "Wifi down");

        await bot.Host.PostAsync(LocalPeople.Say("otto", "cannot connect"));
        await bot.Host.PostAsync(LocalPeople.Click("otto", "dm:otto", "intake.next",
            new(LocalPeople.Severity1Answers("Cannot connect")) { ["customer"] = "Globex" }));
        await bot.Host.PostAsync(LocalPeople.Click("otto", "dm:otto", "intake.continue"));

        var preview = bot.Local.Messages("dm:otto").Last(m => m.Template == "intake-preview");
        Assert.False(preview.Data["hasMatch"]!.GetValue<bool>());
        Assert.DoesNotContain("SUP-000001", preview.Text, StringComparison.Ordinal);
    }

    private static List<LocalConversation> Bridges(EscalationScenario bot) =>
        [.. bot.Local.Conversations().Where(c => c.Name.StartsWith("incident-", StringComparison.Ordinal))];

    private static string TriageCard(EscalationScenario bot) =>
        bot.Local.Messages("triage").First(m => m.Template == "triage").Data.ToJsonString();
}
