using System.Net;
using System.Text.Json.Nodes;
using SupportBot.Outbox;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Teams.EndToEnd;

namespace SupportBot.Tests.Duplicates;

/// <summary>
/// Teams re-sends an activity it thinks was lost with the same id: it is processed once. A double-click
/// is two invokes with their own ids: the case makes it one claim, and the second click is answered
/// (on its own invoke, to the clicker only) that it is already done.
/// </summary>
public sealed class TeamsDuplicateTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private readonly TestClock clock = new(Monday10Utc);
    private TeamsDriver teams = null!;
    private TestHost host = null!;
    private TeamsHost rig = null!;

    private HostDb Db => rig.Db;

    public async Task InitializeAsync()
    {
        rig = await TeamsHost.StartAsync(clock);
        (teams, host) = (rig.Teams, rig.Host);
    }

    public async Task DisposeAsync() => await rig.DisposeAsync();

    [Fact]
    public async Task A_message_sent_again_with_the_same_activity_id_is_handled_and_answered_once()
    {
        var hello = teams.Personal(TeamsDriver.Message("the wifi is down"));

        var first = await teams.SendAsync(hello);
        var again = await teams.SendAsync(hello);
        await DeliverAsync();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal(1, Db.Count("SELECT count(*) FROM inbound_events"));
        Assert.Equal(1, Db.Count("SELECT count(*) FROM intake_sessions"));
        Assert.Single(teams.Connector.Activities(TeamsDriver.ReporterChat));
    }

    [Fact]
    public async Task A_claim_invoke_sent_again_with_the_same_id_claims_once_and_the_repeat_is_told_it_is_done()
    {
        var card = await ReportAsync();
        var claim = teams.InChannel(TeamsDriver.Invoke("case.claim", new() { ["case"] = CaseId() }), card, "29:agent", "Example Agent");

        var first = await teams.InvokeAsync(claim);
        await DeliverAsync();
        var requests = teams.Connector.Requests.Count;
        var again = await teams.InvokeAsync(claim);
        await DeliverAsync();

        Assert.Equal("application/vnd.microsoft.card.adaptive", first["type"]!.GetValue<string>());
        Assert.Equal("Already done.", again["value"]!.GetValue<string>());
        Assert.Equal(1, Db.Count("SELECT count(*) FROM case_events WHERE type = 'claimed'"));
        Assert.Equal(requests, teams.Connector.Requests.Count);
    }

    [Fact]
    public async Task Claim_clicked_twice_in_a_row_and_at_once_claims_once_and_the_second_click_is_told_only_on_its_invoke()
    {
        var card = await ReportAsync();
        var data = new Dictionary<string, string> { ["case"] = CaseId() };
        await teams.InvokeAsync(teams.InChannel(TeamsDriver.Invoke("case.claim", data), card, "29:agent", "Example Agent"));
        await DeliverAsync();
        var updates = Assert.Single(teams.Connector.Activities(TeamsDriver.Triage)).Updates;
        var requests = teams.Connector.Requests.Count;

        var again = await teams.InvokeAsync(teams.InChannel(TeamsDriver.Invoke("case.claim", data), card, "29:agent", "Example Agent"));
        var both = await Task.WhenAll(
            teams.InvokeAsync(teams.InChannel(TeamsDriver.Invoke("case.claim", data), card, "29:agent", "Example Agent")),
            teams.InvokeAsync(teams.InChannel(TeamsDriver.Invoke("case.claim", data), card, "29:agent", "Example Agent")));
        await DeliverAsync();

        Assert.All(both.Append(again), r => Assert.Equal("You already own SUP-000001.", r["value"]!.GetValue<string>()));
        Assert.Equal(1, Db.Count("SELECT count(*) FROM case_events WHERE type = 'claimed'"));
        Assert.Equal(updates, Assert.Single(teams.Connector.Activities(TeamsDriver.Triage)).Updates);
        // Nothing was sent to anyone: the refusals went back on the invokes.
        Assert.Equal(requests, teams.Connector.Requests.Count);
    }

    [Fact]
    public async Task Claim_invoked_twice_at_once_on_an_unclaimed_case_claims_once()
    {
        var card = await ReportAsync();
        var data = new Dictionary<string, string> { ["case"] = CaseId() };

        var both = await Task.WhenAll(
            teams.InvokeAsync(teams.InChannel(TeamsDriver.Invoke("case.claim", data), card, "29:agent", "Example Agent")),
            teams.InvokeAsync(teams.InChannel(TeamsDriver.Invoke("case.claim", data), card, "29:agent", "Example Agent")));
        await DeliverAsync();

        Assert.Single(both, r => r["type"]!.GetValue<string>() == "application/vnd.microsoft.card.adaptive");
        Assert.Single(both, r => r["value"] is JsonValue v && v.GetValue<string>() == "You already own SUP-000001.");
        Assert.Equal(1, Db.Count("SELECT count(*) FROM case_events WHERE type = 'claimed'"));
        Assert.Single(teams.Connector.Requests, r => r.Body.ToJsonString().Contains("Example Agent is working on your case", StringComparison.Ordinal));
    }

    /// <summary>The reporter's Severity 1 report; returns the id of its card in the triage channel.</summary>
    private async Task<string> ReportAsync()
    {
        await teams.ReportSeverity1Async("Wifi down in Paris");
        await DeliverAsync();
        return Assert.Single(teams.Connector.Activities(TeamsDriver.Triage)).Id;
    }

    private string CaseId() => Db.Text("SELECT id FROM cases")!;

    private Task<int> DeliverAsync() => rig.DeliverAsync();
}
