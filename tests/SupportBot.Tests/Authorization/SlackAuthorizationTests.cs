using System.Net;
using SupportBot.Tests.Duplicates;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Slack.EndToEnd;

namespace SupportBot.Tests.Authorization;

/// <summary>
/// A slice of the authorization matrix through the real app over Slack: refusals are ephemeral,
/// shown to the person who tried and nobody else, and change nothing. People are the default
/// preset's, known to Slack by their email.
/// </summary>
public sealed class SlackAuthorizationTests
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Set_triage_by_mention_is_refused_ephemerally_to_reporters_agents_and_strangers_and_done_for_a_manager_and_an_admin()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        bot.Slack.AddUser("U0ZED", "zed", email: "zed@example.com");
        bot.Slack.AddUser("U0ALEX", "alex", email: "agent1@example.com");
        bot.Slack.AddUser("U0MAX", "max", email: "manager1@example.com");
        bot.Slack.AddUser("U0ADA", "ada", email: "admin1@example.com");
        var general = bot.Slack.AddChannel("general", members: ["U0RITA", "U0ZED", "U0ALEX", "U0MAX", "U0ADA"]);

        foreach (var user in new[] { "U0RITA", "U0ZED", "U0ALEX" })
        {
            await MentionAsync(bot, general, user, "set triage");
        }
        await bot.DeliverAsync();

        Assert.Equal(0, bot.Db.Count("SELECT count(*) FROM desk_channels"));
        Assert.Empty(bot.Slack.Messages(general));
        Assert.Equal(["U0ALEX", "U0RITA", "U0ZED"], bot.Slack.Ephemerals().Select(e => e.User).Order());
        Assert.All(bot.Slack.Ephemerals(), e => Assert.Equal((general, "SupportBot: Only a manager or an admin can set the desk's channels."), (e.Channel, e.Text)));

        await MentionAsync(bot, general, "U0MAX", "set triage");
        await MentionAsync(bot, general, "U0ADA", "set admins");
        await bot.DeliverAsync();

        Assert.Equal(["admins|slack:U0ADA", "triage|slack:U0MAX"], bot.Db.Texts("SELECT role || '|' || set_by FROM desk_channels ORDER BY role"));
        Assert.Equal(2, bot.Slack.Messages(general).Count);
    }

    [Fact]
    public async Task Snooze_by_an_agent_who_does_not_own_the_case_is_refused_ephemerally_in_triage_and_changes_nothing()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        bot.Slack.AddUser("U0BEA", "bea");
        await bot.JoinAsync(bot.Triage, "U0AGENT");
        await bot.JoinAsync(bot.Triage, "U0BEA");
        await bot.ReportAsync("U0RITA", "D0RITA", LocalPeople.Severity1Answers("Wifi down in Paris"));
        await bot.DeliverAsync();
        var card = Assert.Single(bot.Slack.Messages(bot.Triage)).Ts;
        await bot.ClickInMessageAsync("U0AGENT", bot.Triage, card, "case.claim");
        await bot.DeliverAsync();
        var before = State(bot);
        var messages = bot.Slack.Messages(bot.Triage).Count;

        await bot.ClickInMessageAsync("U0BEA", bot.Triage, card, "Snooze reminders");
        var answer = await bot.SubmitAsync("U0BEA", bot.LatestView(), new Dictionary<string, string> { ["snoozeFor"] = "30", ["snoozeReason"] = "waiting for the vendor" });
        await bot.DeliverAsync();

        Assert.Equal("clear", answer!["response_action"]!.GetValue<string>());
        Assert.Equal(before, State(bot));
        Assert.Equal(messages, bot.Slack.Messages(bot.Triage).Count);
        var told = Assert.Single(bot.Slack.Ephemerals());
        Assert.Equal(("U0BEA", bot.Triage, "SupportBot: Only the owner of SUP-000001 (or a manager) can snooze its reminders."), (told.User, told.Channel, told.Text));
    }

    private static async Task MentionAsync(SlackDriver bot, string channel, string user, string text)
    {
        using var response = await bot.PostSignedAsync("/api/slack/events", "application/json", $$$"""
            {"type":"event_callback","team_id":"T0001","api_app_id":"A0APP","event_id":"Ev{{{Guid.NewGuid():N}}}","event_time":1,
             "authorizations":[{"team_id":"T0001","user_id":"U0BOT","is_bot":true}],
             "event":{"type":"app_mention","user":"{{{user}}}","text":"<@U0BOT> {{{text}}}","channel":"{{{channel}}}","ts":"1.{{{Guid.NewGuid().GetHashCode() & 0xffff}}}"}}
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>What a refusal must not change: the log, the case, the outbox, pending timers and desk channels.</summary>
    private static string State(SlackDriver bot) => string.Join("|",
        bot.Db.Count("SELECT count(*) FROM case_events"), bot.Db.Text("SELECT group_concat(number || '@' || version) FROM cases"), bot.Db.Count("SELECT count(*) FROM outbox"),
        bot.Db.Count("SELECT count(*) FROM timers WHERE status = 'pending'"), bot.Db.Count("SELECT count(*) FROM desk_channels"));
}
