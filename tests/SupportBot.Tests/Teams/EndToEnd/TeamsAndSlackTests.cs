using SupportBot.Tests.Hosting;
using SupportBot.Tests.Slack.EndToEnd;

namespace SupportBot.Tests.Teams.EndToEnd;

/// <summary>One case across two platforms: one clock, one log, each person reached where they are.</summary>
public sealed class TeamsAndSlackTests
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_case_reported_in_Teams_and_claimed_in_the_Slack_triage_channel_tells_the_Teams_reporter_who_claimed_it()
    {
        await using var teams = await TeamsDriver.StartAsync(new TestClock(Monday10Utc));
        await using var slack = await SlackDriver.StartAsync(Monday10Utc, teams.Settings(withTriage: false), services: teams.TrustIdentity);
        teams.Client = slack.Host.Client;

        await teams.InvokeAsync(teams.Personal(TeamsDriver.Invoke("intake.start", [])));
        await teams.InvokeAsync(teams.Personal(TeamsDriver.Invoke("intake.next", LocalPeople.Severity1Answers("Wifi down in Paris"))));
        await teams.InvokeAsync(teams.Personal(TeamsDriver.Invoke("intake.continue", [])));
        var opened = await teams.InvokeAsync(teams.Personal(TeamsDriver.Invoke("intake.submit", [])));
        await slack.DeliverAsync();

        Assert.Contains("SUP-000001", opened.ToJsonString(), StringComparison.Ordinal);
        var card = Assert.Single(slack.Slack.Messages(slack.Triage));

        await slack.ClickInMessageAsync("U0AGENT", slack.Triage, card.Ts, "case.claim");
        await slack.DeliverAsync();

        Assert.True(Assert.Single(slack.Slack.Messages(slack.Triage)).Edited);
        Assert.Contains(teams.Connector.Requests, r => r.Body.ToJsonString().Contains("amy is working on your case", StringComparison.Ordinal));
        Assert.Equal(1, slack.Db.Count("SELECT count(*) FROM cases"));
        Assert.Equal(1, slack.Db.Count("SELECT count(*) FROM case_events WHERE type = 'claimed'"));
    }
}
