using SupportBot.Local;
using SupportBot.Scheduling;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Escalation;

/// <summary>Ladders on the real app and a SQLite file: breach pages, repeats, acknowledgements, restarts and elapsed-time levels.</summary>
public sealed class EscalationLadderTests
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Level 1 pages L3 at the response breach; level 2 (L2, on the rota) only when level 1 goes unanswered.</summary>
    private const string BreachLadder = """
        escalation:
          - id: severity-1
            severities: [sev1]
            levels:
              - name: "L3 network engineering"
                trigger: { response_breach: true }
                role: l3-network
                ack_timeout: 10m
                repeats: 1
              - name: "L2 engineering"
                trigger: { manual: true }
                role: l2-engineers
                ack_timeout: 10m
                repeats: 1
        """;

    /// <summary>Seed 003's partner escalation list: no escalation in hours 0-4, then four levels at 4, 8, 10 and 12 hours.</summary>
    private const string PartnerEscalationList = """
        escalation:
          - id: partner-escalation-path
            severities: [sev1]
            manual:
              allowed: true
              not_before: 4h
              refusal: "Tickets cannot be escalated in the first 4 hours."
              require: [impact, reason]
            levels:
              - { name: "1st level escalation", trigger: { elapsed: 4h, wall_clock: true }, role: l2-engineers, ack_timeout: 30m }
              - { name: "2nd level escalation", trigger: { elapsed: 8h, wall_clock: true }, role: l3-network, ack_timeout: 30m }
              - { name: "3rd level escalation", trigger: { elapsed: 10h, wall_clock: true }, role: managers, ack_timeout: 30m }
              - { name: "4th level escalation", trigger: { elapsed: 12h, wall_clock: true }, role: admins, ack_timeout: 30m }
        """;

    [Fact]
    public async Task An_unclaimed_Severity_1_pages_level_1_at_its_response_breach_repeats_without_an_ack_then_pages_level_2()
    {
        await using var bot = await new EscalationScenario(Monday10Utc, BreachLadder).StartAsync();
        await LocalPeople.ReportAsync(bot.Host, "rita", "Wifi down");

        await bot.AdvanceAsync(TimeSpan.FromMinutes(14));
        Assert.Empty(bot.Pages());

        await bot.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(["1/1:l3-1"], bot.Pages());

        await bot.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(["1/1:l3-1", "1/2:l3-1"], bot.Pages());

        await bot.AdvanceAsync(TimeSpan.FromMinutes(10));
        // The week of Mon 23 Nov 2026 is the rota's 47th from Mon 5 Jan: Example L2 Engineer One's.
        Assert.Equal(["1/1:l3-1", "1/2:l3-1", "2/1:l2-1"], bot.Pages());
        Assert.Equal(2, bot.PagesTo("l3-1").Count);
        var moved = bot.PagesTo("l3-1").Select(m => m.Data["closedNote"]!.GetValue<string>()).Distinct();
        Assert.Equal(["Moved on to level 2 (L2 engineering)."], moved);
        var page = Assert.Single(bot.PagesTo("l2-1"));
        Assert.True(page.Data["isOpen"]!.GetValue<bool>());
        Assert.Contains("Level 2 of 2 (L2 engineering): paged Example L2 Engineer One", TriageCard(bot), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_acknowledgement_stops_the_pending_repeat_prevents_level_2_and_does_not_ping_the_person_who_gave_it()
    {
        await using var bot = await new EscalationScenario(Monday10Utc, BreachLadder).StartAsync();
        await LocalPeople.ReportAsync(bot.Host, "rita", "Wifi down");
        await bot.AdvanceAsync(TimeSpan.FromMinutes(15));

        var ack = await bot.AcknowledgeAsync("l3-1", level: 1);
        var again = await bot.AcknowledgeAsync("l3-1", level: 1);
        await bot.DeliverAsync();
        await bot.AdvanceAsync(TimeSpan.FromHours(1));

        Assert.Equal("page", ack.Card);
        Assert.StartsWith("You acknowledged this at", again.Text, StringComparison.Ordinal);
        Assert.Equal(["1/1:l3-1"], bot.Pages());
        Assert.Equal(1, bot.Db.Count("SELECT count(*) FROM case_events WHERE type = 'page-acknowledged'"));
        Assert.Equal(0, bot.Db.Count("SELECT count(*) FROM timers WHERE status = 'pending' AND key LIKE 'page:%'"));
        // One message in their chat with the bot: the page itself, redrawn without its buttons.
        var only = Assert.Single(bot.Local.Messages(LocalConversation.DirectId("l3-1")));
        Assert.Equal("Acknowledged by Example Network Engineer.", only.Data["closedNote"]!.GetValue<string>());
        Assert.Contains("acknowledged by Example Network Engineer", TriageCard(bot), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restarting_the_host_between_a_page_and_its_ack_timeout_neither_loses_nor_duplicates_the_next_page()
    {
        await using var bot = await new EscalationScenario(Monday10Utc, BreachLadder).StartAsync();
        await LocalPeople.ReportAsync(bot.Host, "rita", "Wifi down");
        await bot.AdvanceAsync(TimeSpan.FromMinutes(15));

        // Down across the ack timeout; then two sweeps at once (and the sweep loop's own) on the new host.
        await bot.RestartAsync(downFor: TimeSpan.FromMinutes(12));
        var sweeper = bot.Host.Get<TimerSweeper>();
        await Task.WhenAll(sweeper.SweepAsync(CancellationToken.None), sweeper.SweepAsync(CancellationToken.None));
        await bot.DeliverAsync();
        await bot.RestartAsync(downFor: TimeSpan.FromMinutes(1));
        await bot.AdvanceAsync(TimeSpan.Zero);

        Assert.Equal(["1/1:l3-1", "1/2:l3-1"], bot.Pages());
        Assert.Equal(2, bot.PagesTo("l3-1").Count);
        Assert.Equal(1, bot.Db.Count("SELECT count(*) FROM timers WHERE status = 'pending' AND key = 'page:1'"));
    }

    [Fact]
    public async Task The_partner_escalation_list_refuses_escalation_in_the_first_four_hours_then_pages_each_level_at_its_boundary()
    {
        await using var bot = await new EscalationScenario(Monday10Utc, PartnerEscalationList).StartAsync();
        await LocalPeople.ReportAsync(bot.Host, "rita", "Wifi down");

        await bot.AdvanceAsync(TimeSpan.FromMinutes(239));
        var refused = await bot.Host.PostAsync(LocalPeople.Command("rita", "dm:rita", "escalate", "SUP-000001"));
        Assert.Empty(bot.Pages());
        Assert.Equal("Tickets cannot be escalated in the first 4 hours. You can ask from Mon 23 Nov 14:00 UTC.", refused.Text);

        // Each level is acknowledged at once, so only the time frames move the ladder.
        var expected = new List<string>();
        foreach (var (at, level, person) in new[] { (240, 1, "l2-1"), (480, 2, "l3-1"), (600, 3, "manager-1"), (720, 4, "admin-1") })
        {
            await bot.AdvanceAsync(TimeSpan.FromMinutes(at - 1) - (bot.Clock.GetUtcNow() - Monday10Utc));
            Assert.Equal(expected, bot.Pages());
            await bot.AdvanceAsync(TimeSpan.FromMinutes(1));
            expected.Add($"{level}/1:{person}");
            Assert.Equal(expected, bot.Pages());
            await bot.AcknowledgeAsync(person, level);
        }
        await bot.AdvanceAsync(TimeSpan.FromHours(6));
        Assert.Equal(4, bot.Pages().Count);
    }

    [Fact]
    public async Task A_written_escalation_request_pages_the_next_level_with_what_the_seeds_ask_for_and_never_pages_the_requester()
    {
        await using var bot = await new EscalationScenario(Monday10Utc, BreachLadder).StartAsync();
        await LocalPeople.ReportAsync(bot.Host, "rita", "Wifi down");
        var caseId = bot.CaseId();
        await bot.Host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.claim", new() { ["case"] = caseId }));

        var form = await bot.Host.PostAsync(LocalPeople.Command("agent-1", "triage", "escalate", "SUP-000001"));
        var missing = await bot.Host.PostAsync(LocalPeople.Click("agent-1", "triage", "escalation.request", new() { ["case"] = caseId }));
        var sent = await bot.Host.PostAsync(LocalPeople.Click("agent-1", "triage", "escalation.request",
            new() { ["case"] = caseId, ["impact"] = "No store can take card payments", ["reason"] = "Needs the network team now" }));
        await bot.DeliverAsync();

        Assert.Equal("escalate", form.Card);
        Assert.Equal(["impact", "reason"], missing.Errors!.Keys.Order());
        Assert.Equal("notice", sent.Card);
        Assert.Equal(["1/1:l3-1"], bot.Pages());
        var request = bot.Db.Text("SELECT summary FROM case_events WHERE type = 'escalation-requested'")!;
        Assert.Contains("Needs the network team now", request, StringComparison.Ordinal);
        Assert.Contains("Business impact: No store can take card payments", request, StringComparison.Ordinal);
        Assert.Contains("Progress to date:", request, StringComparison.Ordinal);
        Assert.Contains("Example Agent One claimed the case.", request, StringComparison.Ordinal);
        var page = Assert.Single(bot.PagesTo("l3-1"));
        Assert.Equal("No store can take card payments", page.Data["requestImpact"]!.GetValue<string>());
        Assert.Empty(bot.PagesTo("agent-1"));
    }

    private static string TriageCard(EscalationScenario bot) =>
        bot.Local.Messages("triage").First(m => m.Template == "triage").Data.ToJsonString();
}
