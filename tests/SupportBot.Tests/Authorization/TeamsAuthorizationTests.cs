using System.Text.Json.Nodes;
using SupportBot.Outbox;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Teams.EndToEnd;

namespace SupportBot.Tests.Authorization;

/// <summary>
/// A slice of the authorization matrix through the real app over Teams: a refused click changes
/// nothing and is answered to the clicker only, on their invoke or in a one-to-one chat, never in the
/// channel. Teams has no ephemeral messages, so that is what "privately" means there.
/// </summary>
public sealed class TeamsAuthorizationTests : IAsyncLifetime
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

    [Theory]
    [InlineData("29:otto", "Otto Other", "a:otto")]
    [InlineData("29:agent", "Example Agent", "a:agent")]
    public async Task The_reporters_Fixed_button_invoked_by_anyone_else_is_refused_on_their_invoke_and_changes_nothing(string user, string name, string chat)
    {
        var card = await ReportAndResolveAsync();
        teams.Connector.AddConversation(chat);
        var before = State();
        var outbox = Db.Count("SELECT count(*) FROM outbox");
        var sent = Sent();

        var refused = await teams.InvokeAsync(teams.PersonalFrom(TeamsDriver.Invoke("reporter.fixed", new() { ["case"] = CaseId() }), user, name, chat, card));
        await DeliverAsync();

        Assert.Equal("application/vnd.microsoft.activity.message", refused["type"]!.GetValue<string>());
        Assert.Equal("Only the person who reported SUP-000001 can answer this card.", refused["value"]!.GetValue<string>());
        Assert.Equal(before, State());
        Assert.Equal(outbox, Db.Count("SELECT count(*) FROM outbox"));
        Assert.Equal(sent, Sent());

        var confirmed = await teams.InvokeAsync(teams.Personal(TeamsDriver.Invoke("reporter.fixed", new() { ["case"] = CaseId() })));
        Assert.Equal("application/vnd.microsoft.card.adaptive", confirmed["type"]!.GetValue<string>());
        Assert.Equal(1, Db.Count("SELECT count(*) FROM case_events WHERE type = 'confirmed-fixed' AND actor_key = 'teams:29:rita'"));
    }

    [Fact]
    public async Task A_refused_Action_Submit_in_the_triage_channel_is_told_to_the_clicker_directly_and_not_posted_in_the_channel()
    {
        await teams.ReportSeverity1Async("Wifi down in Paris");
        await DeliverAsync();
        var card = Assert.Single(teams.Connector.Activities(TeamsDriver.Triage)).Id;
        await teams.InvokeAsync(teams.InChannel(TeamsDriver.Invoke("case.claim", new() { ["case"] = CaseId() }), card, "29:agent", "Example Agent"));
        await DeliverAsync();
        var before = State();
        var outbox = Db.Count("SELECT max(id) FROM outbox");
        var inTriage = teams.Connector.Activities(TeamsDriver.Triage).Count;

        // Action.Submit, the fallback of clients without Action.Execute: a message whose value carries the verb.
        var submit = new JsonObject
        {
            ["type"] = "message",
            ["value"] = new JsonObject { ["verb"] = "case.snooze", ["case"] = CaseId(), ["snoozeFor"] = "30", ["snoozeReason"] = "vendor" },
        };
        var response = await teams.SendAsync(teams.InChannel(submit, card, "29:bea", "Bea Agent"));
        await DeliverAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, State());
        // The one outbox row is the refusal, to the clicker's one-to-one chat.
        Assert.Equal(["teams:dm:29:bea"], Db.Texts("SELECT lane FROM outbox WHERE id > @outbox", new { outbox }));
        Assert.Equal(inTriage, teams.Connector.Activities(TeamsDriver.Triage).Count);
        Assert.Contains(teams.Connector.Creations, c => c["members"]?[0]?["id"]?.GetValue<string>() == "29:bea");
        Assert.Contains(teams.Connector.Requests, r => r.Conversation == "a:29:bea"
            && r.Body.ToJsonString().Contains("Only the owner of SUP-000001 (or a manager) can snooze its reminders.", StringComparison.Ordinal));
    }

    /// <summary>The reporter's Severity 1 report, claimed and resolved by an agent in triage; returns the resolved card's id in the reporter's chat.</summary>
    private async Task<string> ReportAndResolveAsync()
    {
        await teams.ReportSeverity1Async("Wifi down in Paris");
        await DeliverAsync();
        var card = Assert.Single(teams.Connector.Activities(TeamsDriver.Triage)).Id;
        await teams.InvokeAsync(teams.InChannel(TeamsDriver.Invoke("case.claim", new() { ["case"] = CaseId() }), card, "29:agent", "Example Agent"));
        await teams.InvokeAsync(teams.InChannel(TeamsDriver.Invoke("case.resolve", new() { ["case"] = CaseId(), ["outcome"] = "fixed", ["summary"] = "Replaced the switch" }),
            card, "29:agent", "Example Agent"));
        await DeliverAsync();
        Assert.Equal(1, Db.Count("SELECT count(*) FROM case_events WHERE type = 'resolved'"));
        // Messages to the reporter go to the one-to-one chat the bot opens with them.
        return teams.Connector.Activities("a:29:rita").Last(a => a.Body.ToJsonString().Contains("reporter.fixed", StringComparison.Ordinal)).Id;
    }

    /// <summary>What a refusal must not change: the log, the case, pending timers, intake sessions and desk channels.</summary>
    private string State() => string.Join("|",
        Db.Count("SELECT count(*) FROM case_events"), Db.Text("SELECT group_concat(number || '@' || version) FROM cases"),
        Db.Count("SELECT count(*) FROM timers WHERE status = 'pending'"), Db.Count("SELECT count(*) FROM intake_sessions"), Db.Count("SELECT count(*) FROM desk_channels"));

    /// <summary>Calls that send or change something in Teams (a member look-up only reads).</summary>
    private int Sent() => teams.Connector.Requests.Count(r => r.Operation != "member");

    private string CaseId() => Db.Text("SELECT id FROM cases")!;

    private Task<int> DeliverAsync() => rig.DeliverAsync();
}
