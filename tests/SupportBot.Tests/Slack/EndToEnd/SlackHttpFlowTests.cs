using System.Net;
using System.Text.Json.Nodes;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Slack.EndToEnd;

/// <summary>The whole Slack flow over signed HTTP requests, against the loopback Slack.</summary>
public sealed class SlackHttpFlowTests
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Support_opens_the_form_validates_it_opens_a_case_posts_it_to_triage_and_a_claim_updates_it_and_tells_the_reporter()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        var answers = LocalPeople.Severity1Answers("Wifi down in Paris");

        Assert.Equal("", await bot.SupportAsync("U0RITA", "D0RITA", "the wifi is down"));
        var form = bot.LatestView();
        var missing = await bot.SubmitAsync("U0RITA", form, new Dictionary<string, string>(answers) { ["title"] = "" });
        Assert.Equal("errors", missing!["response_action"]!.GetValue<string>());
        Assert.Equal(["title"], missing["errors"]!.AsObject().Select(e => e.Key));

        var opened = await bot.ReportAsync("U0RITA", "D0RITA", answers);
        Assert.Contains("SUP-000001", opened.ToJsonString(), StringComparison.Ordinal);

        await bot.DeliverAsync();
        var card = Assert.Single(bot.Slack.Messages(bot.Triage));
        Assert.Contains("Unclaimed", card.Blocks!.ToJsonString(), StringComparison.Ordinal);

        await bot.ClickInMessageAsync("U0AGENT", bot.Triage, card.Ts, "case.claim");
        await bot.DeliverAsync();

        var claimed = Assert.Single(bot.Slack.Messages(bot.Triage));
        Assert.True(claimed.Edited);
        Assert.Contains("amy", claimed.Blocks!.ToJsonString(), StringComparison.Ordinal);
        var dm = bot.Slack.Channels().Single(c => c.IsDirect && c.Members.Contains("U0RITA"));
        Assert.Contains(bot.Slack.Messages(dm.Id), m => (m.Text ?? "").Contains("amy is working on your case", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Support_with_a_command_word_answers_only_the_person_and_the_App_Home_lists_their_open_cases()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        await bot.ReportAsync("U0RITA", "D0RITA", LocalPeople.Severity1Answers("Wifi down in Paris"));

        var queue = System.Text.Json.Nodes.JsonNode.Parse(await bot.SupportAsync("U0RITA", "C0GENERAL", "queue"))!;
        var help = System.Text.Json.Nodes.JsonNode.Parse(await bot.SupportAsync("U0RITA", "C0GENERAL", "help"))!;
        var home = await bot.PostSignedAsync("/api/slack/events", "application/json", """
            {"type":"event_callback","team_id":"T0001","api_app_id":"A0APP","event_id":"Ev0HOME","event_time":1,
             "authorizations":[{"team_id":"T0001","user_id":"U0BOT","is_bot":true}],
             "event":{"type":"app_home_opened","user":"U0RITA","channel":"D0RITA","tab":"home","event_ts":"1.1"}}
            """);

        Assert.Equal("ephemeral", queue["response_type"]!.GetValue<string>());
        Assert.Contains("SUP-000001", queue.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("escalate", help.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var tab = bot.Slack.HomeOf("U0RITA");
        Assert.NotNull(tab);
        Assert.Contains("SUP-000001", tab!.View.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Slack.Messages(bot.Triage), m => m.Text?.Contains("Your open cases", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_form_from_a_message_that_fails_the_desks_checks_keeps_the_form_open_with_each_error_on_its_field()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        await bot.ReportAsync("U0RITA", "D0RITA", LocalPeople.Severity1Answers("Wifi down in Paris"));
        await bot.DeliverAsync();
        var card = Assert.Single(bot.Slack.Messages(bot.Triage));
        await bot.ClickInMessageAsync("U0AGENT", bot.Triage, card.Ts, "Resolve");

        var refused = await bot.SubmitAsync("U0AGENT", bot.LatestView(), new Dictionary<string, string> { ["outcome"] = "bug-raised", ["summary"] = "A fix is coming" });

        Assert.Equal("errors", refused!["response_action"]!.GetValue<string>());
        Assert.Equal(["detail", "fixDate"], refused["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Equal(0, bot.Db.Count("SELECT count(*) FROM case_events WHERE type = 'resolved'"));
    }

    [Fact]
    public async Task A_signed_interaction_with_malformed_actions_is_acknowledged_and_changes_nothing()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        var payload = """{"type":"block_actions","user":{"id":"U0AGENT","name":"amy"},"team":{"id":"T0001"},"actions":{}}""";
        var body = await new FormUrlEncodedContent(new Dictionary<string, string> { ["payload"] = payload }).ReadAsStringAsync();

        var response = await bot.PostSignedAsync("/api/slack/interactions", "application/x-www-form-urlencoded", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, bot.Db.Count("SELECT count(*) FROM inbound_events"));
    }

    [Fact]
    public async Task A_command_by_mention_in_a_shared_channel_is_answered_to_the_asker_only()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        var general = bot.Slack.AddChannel("general", members: ["U0AGENT", "U0RITA"]);
        await bot.ReportAsync("U0RITA", "D0RITA", LocalPeople.Severity1Answers("Wifi down in Paris"));

        var response = await bot.PostSignedAsync("/api/slack/events", "application/json", $$$"""
            {"type":"event_callback","team_id":"T0001","api_app_id":"A0APP","event_id":"Ev0MENTION","event_time":1,
             "authorizations":[{"team_id":"T0001","user_id":"U0BOT","is_bot":true}],
             "event":{"type":"app_mention","user":"U0RITA","text":"<@U0BOT> status SUP-000001","channel":"{{{general}}}","ts":"1.1"}}
            """);
        await bot.DeliverAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(bot.Slack.Messages(general));
        var answer = Assert.Single(bot.Slack.Ephemerals(), e => e.Channel == general);
        Assert.Equal("U0RITA", answer.User);
        Assert.Contains("SUP-000001", answer.Blocks!.ToJsonString(), StringComparison.Ordinal);
    }
}
