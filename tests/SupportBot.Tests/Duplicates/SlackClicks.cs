using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using SupportBot.Tests.Slack.EndToEnd;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Tests.Duplicates;

/// <summary>
/// Clicks on a message as a person saw it, even after the bot redrew it: a double-click's second
/// click comes from the card before the first one's redraw reached the screen.
/// </summary>
public static class SlackClicks
{
    /// <summary>A block_actions interaction on <paramref name="seen"/> (a snapshot of the message), signed like Slack's.</summary>
    public static async Task ClickAsync(this SlackDriver bot, string user, FakeMessage seen, string verb)
    {
        ArgumentNullException.ThrowIfNull(bot);
        ArgumentNullException.ThrowIfNull(seen);
        var button = seen.Blocks!.OfType<JsonObject>()
            .SelectMany(b => (b["elements"] as JsonArray ?? []).OfType<JsonObject>().Concat(b["accessory"] is JsonObject a ? [a] : []))
            .First(e => e["type"]?.GetValue<string>() == "button" && e["action_id"]!.GetValue<string>().StartsWith(verb + "#", StringComparison.Ordinal));
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user, ["name"] = user == "U0AGENT" ? "amy" : user.ToLowerInvariant(), ["team_id"] = FakeSlack.TeamId },
            ["team"] = new JsonObject { ["id"] = FakeSlack.TeamId },
            ["api_app_id"] = FakeSlack.AppId,
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = seen.Ts, ["channel_id"] = seen.Channel, ["is_ephemeral"] = false },
            ["channel"] = new JsonObject { ["id"] = seen.Channel },
            ["trigger_id"] = bot.Slack.IssueTriggerId(),
            ["state"] = new JsonObject { ["values"] = new JsonObject() },
            ["actions"] = new JsonArray(new JsonObject
            {
                ["type"] = "button",
                ["action_id"] = button["action_id"]!.GetValue<string>(),
                ["block_id"] = "b",
                ["value"] = button["value"]?.GetValue<string>(),
                // Each click has its own action_ts: event de-duplication cannot tell a double-click.
                ["action_ts"] = bot.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N")[..6],
            }),
        };
        var body = await new FormUrlEncodedContent(new Dictionary<string, string> { ["payload"] = payload.ToJsonString() }).ReadAsStringAsync();
        using var response = await bot.PostSignedAsync("/api/slack/interactions", "application/x-www-form-urlencoded", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Adds a person to a channel (conversations.invite with the bot's token), as a member who can see ephemeral messages there.</summary>
    public static async Task JoinAsync(this SlackDriver bot, string channel, string user)
    {
        ArgumentNullException.ThrowIfNull(bot);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bot.Slack.ApiBaseUrl, "conversations.invite"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["channel"] = channel, ["users"] = user }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", FakeSlack.BotToken);
        var answer = JsonNode.Parse(await (await http.SendAsync(request)).Content.ReadAsStringAsync())!;
        Assert.True(answer["ok"]!.GetValue<bool>(), answer.ToJsonString());
    }
}
