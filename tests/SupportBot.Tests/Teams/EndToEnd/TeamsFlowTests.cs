using System.Net;
using System.Net.Http.Json;
using SupportBot.Outbox;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Tests.Teams.EndToEnd;

/// <summary>The whole Teams flow, driven only with correctly signed activities, against a loopback Bot Connector and identity provider.</summary>
public sealed class TeamsFlowTests : IAsyncLifetime
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
    public async Task Intake_in_a_personal_chat_opens_a_case_posts_its_card_to_triage_and_a_claim_invoke_answers_with_the_card_updates_it_and_tells_the_reporter()
    {
        var hello = await teams.SendAsync(teams.Personal(TeamsDriver.Message("the wifi is down")));
        Assert.Equal(HttpStatusCode.OK, hello.StatusCode);
        await DeliverAsync();
        Assert.Contains(teams.Connector.Activities(TeamsDriver.ReporterChat), a => a.Body.ToJsonString().Contains("intake.next", StringComparison.Ordinal));

        var answers = LocalPeople.Severity1Answers("Wifi down in Paris");
        await teams.InvokeAsync(teams.Personal(TeamsDriver.Invoke("intake.next", answers)));
        await teams.InvokeAsync(teams.Personal(TeamsDriver.Invoke("intake.continue", [])));
        var opened = await teams.InvokeAsync(teams.Personal(TeamsDriver.Invoke("intake.submit", [])));
        Assert.Contains("SUP-000001", opened.ToJsonString(), StringComparison.Ordinal);

        await DeliverAsync();
        var card = Assert.Single(teams.Connector.Activities(TeamsDriver.Triage));
        var caseId = Db.Text("SELECT id FROM cases")!;

        var claimed = await teams.InvokeAsync(teams.InChannel(TeamsDriver.Invoke("case.claim", new() { ["case"] = caseId }), card.Id, "29:agent", "Example Agent"));
        await DeliverAsync();

        Assert.Equal("application/vnd.microsoft.card.adaptive", claimed["type"]!.GetValue<string>());
        Assert.Contains("Example Agent", claimed["value"]!.ToJsonString(), StringComparison.Ordinal);
        var updated = Assert.Single(teams.Connector.Activities(TeamsDriver.Triage));
        Assert.True(updated.Updates >= 1);
        Assert.Contains("Example Agent", updated.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(teams.Connector.Creations, c => c.ToJsonString().Contains("29:rita", StringComparison.Ordinal));
        Assert.Contains(teams.Connector.Requests, r => r.Body.ToJsonString().Contains("Example Agent is working on your case", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_command_by_mention_in_a_channel_is_answered_to_the_asker_directly_not_in_the_channel()
    {
        var mention = TeamsDriver.Message("<at>SupportBot</at> help");
        mention["entities"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>SupportBot</at>",
            ["mentioned"] = new System.Text.Json.Nodes.JsonObject { ["id"] = $"28:{FakeConnector.AppId}", ["name"] = "SupportBot" },
        });

        var response = await teams.SendAsync(teams.InChannel(mention, "1700000000999", "29:agent", "Example Agent"));
        await DeliverAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(teams.Connector.Activities(TeamsDriver.Triage));
        Assert.Contains(teams.Connector.Creations, c => c.ToJsonString().Contains("29:agent", StringComparison.Ordinal));
    }

    private Task<int> DeliverAsync() => rig.DeliverAsync();
}
