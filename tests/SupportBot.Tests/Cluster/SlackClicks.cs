using System.Globalization;
using System.Text.Json.Nodes;
using SupportBot.Tests.OutOfProcess;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Tests.Cluster;

/// <summary>A person's click on a button of a message in the fake workspace, signed and sent to an app in another process.</summary>
public sealed class SlackClicks(FakeSlack slack, SlackIntakeRequests requests)
{
    public const string Path = "/api/slack/interactions";

    /// <summary>Clicks the button whose action id starts with <paramref name="verb"/> on the channel message that mentions <paramref name="caseNumber"/>.</summary>
    public async Task<HttpResponseMessage> ClickAsync(HttpClient app, string userId, string channel, string caseNumber, string verb, CancellationToken ct)
    {
        var (message, button) = Find(slack.Messages(channel), caseNumber, verb);
        var actionTs = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + ".000100";
        return await requests.PostAsync(app, Path, Body(userId, channel, message, button, actionTs), ct);
    }

    /// <summary>The message among <paramref name="messages"/> that mentions <paramref name="caseNumber"/>, and its button for <paramref name="verb"/>.</summary>
    public static (FakeMessage Message, JsonObject Button) Find(IEnumerable<FakeMessage> messages, string caseNumber, string verb) =>
        messages
            .Where(m => m.Text?.Contains(caseNumber, StringComparison.Ordinal) == true && m.Blocks is not null)
            .SelectMany(m => Buttons(m.Blocks!).Select(b => (Message: m, Button: b)))
            .First(x => x.Button["action_id"]!.GetValue<string>().StartsWith(verb + "#", StringComparison.Ordinal));

    /// <summary>
    /// The form body Slack posts for a click on <paramref name="button"/> of <paramref name="message"/>. Slack
    /// makes each click's <paramref name="actionTs"/> unique; the app tells repeated deliveries apart by it.
    /// </summary>
    public string Body(string userId, string channel, FakeMessage message, JsonObject button, string actionTs)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(button);
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = userId, ["name"] = userId.ToLowerInvariant(), ["team_id"] = FakeSlack.TeamId },
            ["team"] = new JsonObject { ["id"] = FakeSlack.TeamId },
            ["api_app_id"] = FakeSlack.AppId,
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = message.Ts, ["channel_id"] = channel, ["is_ephemeral"] = false },
            ["channel"] = new JsonObject { ["id"] = channel },
            ["message"] = new JsonObject { ["ts"] = message.Ts, ["text"] = message.Text, ["blocks"] = message.Blocks!.DeepClone() },
            ["trigger_id"] = slack.IssueTriggerId(),
            ["response_url"] = "https://hooks.slack.com/actions/T0001/2/y",
            ["state"] = new JsonObject { ["values"] = new JsonObject() },
            ["actions"] = new JsonArray(new JsonObject
            {
                ["type"] = "button",
                ["action_id"] = button["action_id"]!.GetValue<string>(),
                ["block_id"] = "b",
                ["value"] = button["value"]?.GetValue<string>(),
                ["action_ts"] = actionTs,
            }),
        };
        return "payload=" + Uri.EscapeDataString(payload.ToJsonString());
    }

    private static IEnumerable<JsonObject> Buttons(JsonArray blocks) =>
        blocks.OfType<JsonObject>()
            .SelectMany(b => (b["elements"] as JsonArray ?? []).OfType<JsonObject>().Concat(b["accessory"] is JsonObject a ? [a] : []))
            .Where(e => e["type"]?.GetValue<string>() == "button");
}
