using System.Net;
using System.Text.Json.Nodes;
using SupportBot.Outbox;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Tests.Teams.EndToEnd;

/// <summary>Desk channels set from a Teams channel, and the memory of the teams the bot is in, driven with signed activities.</summary>
public sealed class TeamsDeskTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    // Cards carry apostrophes ("the desk's"), which the default encoder writes as \u0027.
    private static readonly System.Text.Json.JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-teamsdesk-").FullName;
    private readonly TestClock clock = new(Monday10Utc);
    private TeamsDriver teams = null!;
    private TestHost host = null!;

    private string DatabasePath => Path.Combine(folder, "supportbot.db");

    private HostDb Db => new(DatabasePath);

    public async Task InitializeAsync()
    {
        teams = await TeamsDriver.StartAsync(clock);
        teams.Connector.AddTeam(TeamsDriver.Team, "Support", TeamsDriver.TeamGroupId,
            (TeamsDriver.Triage, "Triage"), (TeamsDriver.Bridges, "Bridges"), (TeamsDriver.Ops, "Ops"));
        await StartHostAsync();
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await teams.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_manager_typing_set_triage_in_a_team_channel_sends_the_next_case_card_there()
    {
        var response = await teams.SendAsync(teams.InTeamChannel(TeamsDriver.Mention("set triage"), TeamsDriver.Ops, "29:manager", "Megan Manager"));
        await DeliverAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([$"triage|teams|{TeamsDriver.Ops}|{teams.Connector.ServiceUrl}|teams:29:manager|Example Manager EMEA"],
            Db.Texts("SELECT role || '|' || platform || '|' || conversation_id || '|' || service_url || '|' || set_by || '|' || set_by_name FROM desk_channels"));
        Assert.Contains("Example Manager EMEA made this channel the triage channel", Text(Assert.Single(teams.Connector.Activities(TeamsDriver.Ops))), StringComparison.Ordinal);
        Assert.Contains(teams.Connector.Requests, r => r.Conversation == "a:29:manager" && r.Body.ToJsonString().Contains("This channel is now the triage channel", StringComparison.Ordinal));

        await teams.ReportSeverity1Async("Wifi down in Paris");
        await DeliverAsync();

        Assert.Contains(teams.Connector.Activities(TeamsDriver.Ops), a => a.Body["attachments"] is not null && Text(a).Contains("SUP-000001", StringComparison.Ordinal));
        Assert.Empty(teams.Connector.Activities(TeamsDriver.Triage));
    }

    [Fact]
    public async Task Someone_who_is_not_a_manager_is_told_directly_that_they_may_not_and_nothing_changes()
    {
        var response = await teams.SendAsync(teams.InTeamChannel(TeamsDriver.Mention("set triage"), TeamsDriver.Ops, "29:stranger", "Sam Stranger"));
        await DeliverAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, Db.Count("SELECT count(*) FROM desk_channels"));
        Assert.Empty(teams.Connector.Activities(TeamsDriver.Ops));
        var told = Assert.Single(teams.Connector.Activities("a:29:stranger"));
        Assert.Contains("Only a manager or an admin can set the desk's channels.", Text(told), StringComparison.Ordinal);
        Assert.DoesNotContain(teams.Connector.Requests, r => r.Conversation is not "a:29:stranger" && r.Operation == "send");
    }

    [Fact]
    public async Task A_registration_made_in_Teams_survives_a_restart()
    {
        await teams.SendAsync(teams.InTeamChannel(TeamsDriver.Mention("set triage"), TeamsDriver.Ops, "29:manager", "Megan Manager"));
        await DeliverAsync();
        await host.DisposeAsync();
        await StartHostAsync();

        await teams.ReportSeverity1Async("Wifi down in Paris");
        await DeliverAsync();

        Assert.Contains(teams.Connector.Activities(TeamsDriver.Ops), a => Text(a).Contains("SUP-000001", StringComparison.Ordinal));
        Assert.Empty(teams.Connector.Activities(TeamsDriver.Triage));
    }

    [Fact]
    public async Task The_bot_added_to_a_team_remembers_it_and_its_channels_and_greets_General_once_for_both_install_events()
    {
        await teams.SendAsync(teams.TeamUpdate(TeamsDriver.BotAdded(), "teamMemberAdded"));
        await teams.SendAsync(teams.TeamUpdate(new JsonObject { ["type"] = "installationUpdate", ["action"] = "add" }));
        await DeliverAsync();

        Assert.Equal([$"Support|{TeamsDriver.TeamGroupId}|{teams.Connector.ServiceUrl}|{FakeConnector.TenantId}|active"],
            Db.Texts("SELECT name || '|' || aad_group_id || '|' || service_url || '|' || tenant_id || '|' || iif(removed_at IS NULL, 'active', 'removed') FROM teams_teams WHERE team_id = @t",
                new { t = TeamsDriver.Team }));
        Assert.Equal(["General", "Bridges", "Ops", "Triage"],
            Db.Texts("SELECT coalesce(name, 'General') FROM teams_channels WHERE team_id = @t ORDER BY name IS NOT NULL, name", new { t = TeamsDriver.Team }));
        var greeting = Assert.Single(teams.Connector.Activities(TeamsDriver.Team));
        Assert.Contains("set triage", Text(greeting), StringComparison.Ordinal);
        Assert.Contains("set bridges", Text(greeting), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_team_memory_follows_channel_and_team_events_and_the_bot_being_removed_and_added_again()
    {
        await teams.SendAsync(teams.TeamUpdate(TeamsDriver.BotAdded(), "teamMemberAdded"));

        await teams.SendAsync(teams.TeamUpdate(new JsonObject { ["type"] = "conversationUpdate" }, "channelCreated", "19:incidents@thread.tacv2", "Incidents"));
        await teams.SendAsync(teams.TeamUpdate(new JsonObject { ["type"] = "conversationUpdate" }, "channelRenamed", TeamsDriver.Ops, "Operations"));
        await teams.SendAsync(teams.TeamUpdate(new JsonObject { ["type"] = "conversationUpdate" }, "channelDeleted", TeamsDriver.Bridges, "Bridges"));
        var renamed = teams.TeamUpdate(new JsonObject { ["type"] = "conversationUpdate" }, "teamRenamed");
        renamed["channelData"]!["team"]!["name"] = "Support desk";
        await teams.SendAsync(renamed);

        Assert.Equal(["General", "Incidents", "Operations", "Triage"],
            Db.Texts("SELECT coalesce(name, 'General') FROM teams_channels WHERE team_id = @t AND deleted_at IS NULL ORDER BY name IS NOT NULL, name", new { t = TeamsDriver.Team }));
        Assert.Equal("Support desk", Db.Text("SELECT name FROM teams_teams"));

        var removed = teams.TeamUpdate(new JsonObject { ["type"] = "conversationUpdate" }, "teamMemberRemoved");
        removed["membersRemoved"] = new JsonArray(new JsonObject { ["id"] = $"28:{FakeConnector.AppId}" });
        await teams.SendAsync(removed);
        Assert.Equal(1, Db.Count("SELECT count(*) FROM teams_teams WHERE removed_at IS NOT NULL"));

        clock.Advance(TimeSpan.FromMinutes(1));
        await teams.SendAsync(teams.TeamUpdate(TeamsDriver.BotAdded(), "teamMemberAdded"));
        await DeliverAsync();

        Assert.Equal(0, Db.Count("SELECT count(*) FROM teams_teams WHERE removed_at IS NOT NULL"));
        Assert.Equal(2, teams.Connector.Activities(TeamsDriver.Team).Count);
    }

    private async Task StartHostAsync()
    {
        var settings = teams.Settings();
        settings["SupportBot:Local:Enabled"] = "false";
        host = await TestHost.StartAsync(DatabasePath, clock, TeamsDriver.PolicyWithTeamsAccounts(folder), settings, teams.TrustIdentity);
        teams.Client = host.Client;
    }

    private static string Text(FakeActivity activity) => activity.Body.ToJsonString(Readable);

    private async Task DeliverAsync() => await host.Get<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);
}
