using NodaTime;
using SupportBot.Core.Engine;
using SupportBot.Core.Escalation;
using SupportBot.Core.Policy;
using SupportBot.Core.Simulation;
using SupportBot.Core.Sla;
using SupportBot.Core.Tests.Engine;

namespace SupportBot.Core.Tests.Simulation;

public sealed class SimulatorTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 10, 0);

    private static readonly Dictionary<string, string> Severity1 = new()
    {
        ["category"] = "billing",
        ["impact"] = "everyone",
        ["title"] = "Invoices missing",
        ["description"] = "Nobody can see an invoice",
    };

    [Fact]
    public void Check_names_each_unknown_hidden_missing_and_invalid_answer()
    {
        var errors = new Simulator(TestPolicy.Create()).Check(new Dictionary<string, string>
        {
            ["category"] = "billing",
            ["impact"] = "all",
            ["ssid"] = "corp",
            ["colour"] = "blue",
            ["title"] = "  ",
            ["contact_email"] = "rita",
        });

        Assert.Equal(
            [
                "colour: the policy has no such question (it asks category, impact, ssid, title, description, contact_email).",
                "ssid: not asked with these answers (it shows only for some answers to earlier questions).",
                "impact: Who is affected: choose one of EVERYONE, SOME.",
                "title: Title is required.",
                "description: What happened is required.",
                "contact_email: Contact email must be an email address, like name@example.com.",
            ],
            errors);
    }

    [Fact]
    public void By_default_the_run_lasts_until_resolution_is_due_plus_what_the_ladder_needs()
    {
        var result = new Simulator(WithLadder(Duration.FromMinutes(10), repeats: 2)).Run(new SimulationRequest(T0, Severity1));

        Assert.Equal(T0 + Duration.FromHours(4) + Duration.FromMinutes(30), result.Until);
        Assert.Equal("sev1", result.Severity.Id);
        Assert.Equal(["response", "resolution", "updates", "ladder level 1"], result.Clocks.Select(c => c.Name));
        Assert.Equal(T0 + Duration.FromMinutes(30), result.Clocks[3].Due);
    }

    [Fact]
    public void The_default_end_is_at_most_14_days_after_the_report()
    {
        var policy = TestPolicy.Create();
        policy = policy with { Severities = [policy.Severities[0] with { Resolution = SlaTarget.Of(Duration.FromDays(30)) }, policy.Severities[1]] };

        var result = new Simulator(policy).Run(new SimulationRequest(T0, Severity1, Until: null));

        Assert.Equal(T0 + Duration.FromDays(14), result.Until);
        Assert.All(result.Timeline, t => Assert.True(t.At <= result.Until));
    }

    [Fact]
    public void Unanswered_pages_repeat_then_exhaust_the_ladder()
    {
        var result = new Simulator(WithLadder(Duration.FromMinutes(10), repeats: 1)).Run(new SimulationRequest(T0, Severity1, T0 + Duration.FromMinutes(55)));

        Assert.Equal(
            [(30, "paged", "Max Manager"), (40, "page-timeout", ""), (40, "paged", "Max Manager"), (50, "page-timeout", ""), (50, "ladder-exhausted", "")],
            Pages(result));
        Assert.Contains(result.Timeline, t => t is { Kind: "page", Who: "Max Manager", Source: TimelineSource.Message });
    }

    [Fact]
    public void An_acknowledgement_at_the_instant_the_page_times_out_is_in_time()
    {
        var result = new Simulator(WithLadder(Duration.FromMinutes(10), repeats: 1))
            .Run(new SimulationRequest(T0, Severity1, T0 + Duration.FromMinutes(55), AckAfter: Duration.FromMinutes(10)));

        Assert.Equal([(30, "paged", "Max Manager"), (40, "page-acknowledged", "Max Manager")], Pages(result));
    }

    /// <summary>Ladder events as (minutes after the report, type, who).</summary>
    private static List<(long, string, string)> Pages(SimulationResult result) =>
        result.Timeline.Where(t => t.Source == TimelineSource.Event && (t.Kind.StartsWith("page", StringComparison.Ordinal) || t.Kind == "ladder-exhausted"))
            .Select(t => ((long)(t.At - T0).TotalMinutes, t.Kind, t.Who)).ToList();

    private static SupportPolicy WithLadder(Duration ackTimeout, int repeats) => TestPolicy.Create() with
    {
        Ladders =
        [
            new EscalationLadder("severity-1", ["sev1"],
                [new LadderLevel(1, "Managers", new LadderTrigger(TriggerKind.Elapsed, SlaTarget.Of(Duration.FromMinutes(30))), Actor.ManagersRole, ackTimeout, repeats)],
                new ManualEscalation(false, null, "Not here.", [])),
        ],
    };
}
