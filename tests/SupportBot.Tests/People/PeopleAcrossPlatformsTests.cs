using System.Text.Json.Nodes;
using SupportBot.Scheduling;
using SupportBot.Tests.Escalation;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Slack.EndToEnd;
using SupportBot.Tests.Teams.EndToEnd;

namespace SupportBot.Tests.People;

/// <summary>
/// One person across Teams and Slack, matched by email: the default preset's example people have an
/// email and no Slack or Teams account, so the policy knows them on either platform only by email.
/// The Slack triage channel is the desk's; pages go to both platforms.
/// </summary>
public sealed class PeopleAcrossPlatformsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    /// <summary>At 10:30 UTC on a Monday the EMEA manager (manager-2, manager2@example.com) is the one at work.</summary>
    private const string ManagersFirst = """
        escalation:
          - id: severity-1
            severities: [sev1]
            levels:
              - { name: "Escalation manager", trigger: { elapsed: 30m }, role: managers, ack_timeout: 15m }
        """;

    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-people-").FullName;
    private readonly TestClock teamsClock = new(Monday10Utc);
    private TeamsDriver teams = null!;
    private SlackDriver slack = null!;

    private HostDb Db => slack.Db;

    public async Task InitializeAsync()
    {
        var policy = Path.Combine(folder, "policy.yml");
        await File.WriteAllTextAsync(policy, EscalationScenario.WithEscalation(ManagersFirst));
        teams = await TeamsDriver.StartAsync(teamsClock);
        var settings = teams.Settings(withTriage: false);
        settings["SupportBot:Policy:Path"] = policy;
        slack = await SlackDriver.StartAsync(Monday10Utc, settings, services: teams.TrustIdentity);
        teams.Client = slack.Host.Client;
    }

    public async Task DisposeAsync()
    {
        await slack.DisposeAsync();
        await teams.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_manager_known_only_by_email_is_paged_on_Slack_through_lookupByEmail_and_acknowledges_there_under_their_policy_name()
    {
        slack.Slack.AddUser("U0MIRA", "mira", email: "Manager2@Example.com");

        await ReportAndWaitForThePageAsync();

        var lookup = Assert.Single(slack.Slack.Calls("users.lookupByEmail"));
        Assert.Equal("manager2@example.com", lookup.Args["email"]!.GetValue<string>());
        var dm = slack.Slack.DirectChannelOf("U0MIRA")!;
        var page = Assert.Single(slack.Slack.Messages(dm));

        await slack.ClickInMessageAsync("U0MIRA", dm, page.Ts, "escalation.ack");
        await slack.DeliverAsync();

        Assert.Equal("slack:U0MIRA|Example Manager EMEA", Db.Text("SELECT actor_key || '|' || actor_name FROM case_events WHERE type = 'page-acknowledged'"));
        Assert.Equal("Example Manager EMEA", Db.Text("SELECT json_extract(data, '$.escalation.acknowledgedBy.name') FROM cases"));
        Assert.True(Assert.Single(slack.Slack.Messages(dm)).Edited);
        // users.info gave the clicker's email: the account is learned for the next page.
        Assert.Equal(1, Db.Count("SELECT count(*) FROM learned_accounts WHERE platform = 'slack' AND account_id = 'U0MIRA' AND email = 'manager2@example.com'"));
    }

    [Fact]
    public async Task A_manager_who_talked_to_the_bot_in_Teams_is_paged_there_through_the_learned_account_and_acknowledges_there()
    {
        teams.Connector.AddMember("29:mira", "Mira Jones", "manager2@example.com");
        teams.Connector.AddConversation("a:mira");
        await teams.SendAsync(teams.PersonalFrom(TeamsDriver.Message("help"), "29:mira", "Mira Jones", "a:mira"));
        Assert.Equal(1, Db.Count("SELECT count(*) FROM learned_accounts WHERE platform = 'teams' AND account_id = '29:mira' AND service_url = @url",
            new { url = teams.Connector.ServiceUrl }));

        await ReportAndWaitForThePageAsync();

        Assert.Contains(teams.Connector.Creations, c => c["members"]?[0]?["id"]?.GetValue<string>() == "29:mira");
        var page = Assert.Single(teams.Connector.Activities("a:29:mira"));
        var data = new Dictionary<string, string> { ["case"] = Db.Text("SELECT id FROM cases")!, ["level"] = "1" };
        var answer = await teams.InvokeAsync(teams.PersonalFrom(TeamsDriver.Invoke("escalation.ack", data), "29:mira", "Mira Jones", "a:29:mira", page.Id));

        await slack.DeliverAsync();

        Assert.Contains("Acknowledged by Example Manager EMEA", answer.ToJsonString(), StringComparison.Ordinal);
        // The page is redrawn where it went: the chat with the learned account.
        Assert.Contains("Acknowledged by Example Manager EMEA", Assert.Single(teams.Connector.Activities("a:29:mira")).Body.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("teams:29:mira|Example Manager EMEA", Db.Text("SELECT actor_key || '|' || actor_name FROM case_events WHERE type = 'page-acknowledged'"));
    }

    [Fact]
    public async Task A_page_to_an_email_nobody_on_a_platform_can_be_found_by_is_a_dead_letter_that_names_the_platform_and_says_why()
    {
        await ReportAndWaitForThePageAsync();

        Assert.Equal(
            "Slack: Example Manager EMEA (manager2@example.com) has not talked to the bot on Slack yet, and Slack has no member with that email (users_not_found)",
            Db.Text("SELECT last_error FROM outbox WHERE status = 'dead' AND lane = 'slack:dm:email:manager2@example.com' ORDER BY id LIMIT 1"));
        Assert.Equal(
            "Teams: Example Manager EMEA (manager2@example.com) has not talked to the bot in Teams yet, and Teams cannot start a chat from an email address",
            Db.Text("SELECT last_error FROM outbox WHERE status = 'dead' AND lane = 'teams:dm:email:manager2@example.com' ORDER BY id LIMIT 1"));
        // No one-to-one chat was started (the bridge's thread in the Teams bridges channel is not one).
        Assert.DoesNotContain(teams.Connector.Creations, c => c["members"] is JsonArray { Count: > 0 });
        // The triage channel hears of both.
        await slack.DeliverAsync();
        var notices = slack.Slack.Messages(slack.Triage).Where(m => m.Text?.Contains("could not be delivered", StringComparison.Ordinal) == true).ToList();
        Assert.Contains(notices, m => m.Text!.Contains("has not talked to the bot on Slack yet", StringComparison.Ordinal));
        Assert.Contains(notices, m => m.Text!.Contains("has not talked to the bot in Teams yet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Teams_user_whose_email_is_an_agents_is_that_agent_and_someone_else_is_not()
    {
        await slack.ReportAsync("U0RITA", "D0RITA", LocalPeople.Severity1Answers("Wifi down in Paris"));
        teams.Connector.AddMember("29:alex", "Alex", "AGENT1@example.com");
        teams.Connector.AddMember("29:zed", "Zed", "zed@example.com");
        teams.Connector.AddConversation("a:alex");
        teams.Connector.AddConversation("a:zed");

        await teams.SendAsync(teams.PersonalFrom(TeamsDriver.Message("status SUP-000001"), "29:alex", "Alex", "a:alex"));
        await teams.SendAsync(teams.PersonalFrom(TeamsDriver.Message("status SUP-000001"), "29:zed", "Zed", "a:zed"));
        await slack.DeliverAsync();

        var agent = Assert.Single(teams.Connector.Activities("a:alex")).Body.ToJsonString();
        Assert.Contains("Wifi down in Paris", agent, StringComparison.Ordinal);
        // An agent sees the whole log, the reporter's view leaves out what only the desk sees.
        Assert.Contains("Opened the incident bridge", agent, StringComparison.Ordinal);
        var stranger = Assert.Single(teams.Connector.Activities("a:zed")).Body.ToJsonString();
        Assert.Contains("There is no case SUP-000001 that you can see.", stranger, StringComparison.Ordinal);
        Assert.DoesNotContain("Wifi down in Paris", stranger, StringComparison.Ordinal);
    }

    /// <summary>Rita reports a Severity 1 in Slack; thirty minutes later the manager level is paged.</summary>
    private async Task ReportAndWaitForThePageAsync()
    {
        await slack.ReportAsync("U0RITA", "D0RITA", LocalPeople.Severity1Answers("Wifi down in Paris"));
        await slack.DeliverAsync();
        slack.Clock.Advance(TimeSpan.FromMinutes(30));
        teamsClock.Advance(TimeSpan.FromMinutes(30));
        await slack.Host.Get<TimerSweeper>().SweepAsync(CancellationToken.None);
        await slack.DeliverAsync();
        Assert.Equal(1, Db.Count("SELECT count(*) FROM case_events WHERE type = 'paged'"));
    }
}
