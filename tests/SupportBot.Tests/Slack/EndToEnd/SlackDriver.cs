using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SupportBot.Outbox;
using SupportBot.Slack.Inbound;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Tests.Slack.EndToEnd;

/// <summary>
/// The real app on a loopback port, talking to the loopback fake of Slack, driven only with the
/// requests Slack itself would send, each signed with the signing secret.
/// </summary>
public sealed class SlackDriver : IAsyncDisposable
{
    public const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";

    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-slack-").FullName;

    private SlackDriver(FakeSlack slack, TestClock clock)
    {
        Slack = slack;
        Clock = clock;
    }

    public FakeSlack Slack { get; }

    public TestClock Clock { get; }

    public TestHost Host { get; private set; } = null!;

    public string Triage { get; private set; } = "";

    public HostDb Db => new(Path.Combine(folder, "supportbot.db"));

    public static async Task<SlackDriver> StartAsync(DateTimeOffset start, bool socketMode = false)
    {
        var clock = new TestClock(start);
        var driver = new SlackDriver(await FakeSlack.StartAsync(clock), clock);
        driver.Triage = driver.Slack.AddChannel("helpdesk-triage");
        driver.Slack.AddUser("U0RITA", "rita");
        driver.Slack.AddUser("U0AGENT", "amy");
        var settings = new Dictionary<string, string?>
        {
            ["SupportBot:Slack:BotToken"] = FakeSlack.BotToken,
            ["SupportBot:Slack:ApiBaseUrl"] = driver.Slack.ApiBaseUrl.ToString(),
            ["SupportBot:Slack:TriageChannel"] = driver.Triage,
            ["SupportBot:Local:Enabled"] = "false",
        };
        if (socketMode)
        {
            settings["SupportBot:Slack:AppToken"] = FakeSlack.AppToken;
            settings["SupportBot:Slack:SocketMode"] = "true";
        }
        else
        {
            settings["SupportBot:Slack:SigningSecret"] = SigningSecret;
        }
        driver.Host = await TestHost.StartAsync(Path.Combine(driver.folder, "supportbot.db"), clock, settings: settings);
        return driver;
    }

    /// <summary>A request as Slack sends it: raw body, timestamp and v0 signature (or the given headers, to forge one).</summary>
    public async Task<HttpResponseMessage> PostSignedAsync(string path, string contentType, string body, string? signature = null, string? timestamp = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        timestamp ??= Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        request.Headers.Add(SlackSignature.TimestampHeader, timestamp);
        request.Headers.Add(SlackSignature.SignatureHeader, signature ?? SlackSignature.Compute(bytes, timestamp, SigningSecret));
        return await Host.Client.SendAsync(request);
    }

    /// <summary>The slash command; returns the ack body (empty when a modal opened).</summary>
    public async Task<string> SupportAsync(string user, string channel, string text = "")
    {
        var form = new Dictionary<string, string>
        {
            ["token"] = "legacy",
            ["team_id"] = FakeSlack.TeamId,
            ["channel_id"] = channel,
            ["user_id"] = user,
            ["user_name"] = NameOf(user),
            ["command"] = "/support",
            ["text"] = text,
            ["api_app_id"] = FakeSlack.AppId,
            ["response_url"] = "https://hooks.slack.com/commands/T0001/1/x",
            ["trigger_id"] = Slack.IssueTriggerId(),
        };
        var response = await PostSignedAsync("/api/slack/commands", "application/x-www-form-urlencoded", new FormUrlEncodedContent(form).ReadAsStringAsync().Result);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Submits a modal with the given answers for the inputs it has; returns the ack body as JSON (null when empty).</summary>
    public async Task<JsonObject?> SubmitAsync(string user, FakeView view, IReadOnlyDictionary<string, string> answers)
    {
        var payload = new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = new JsonObject { ["id"] = FakeSlack.TeamId },
            ["user"] = new JsonObject { ["id"] = user, ["name"] = NameOf(user), ["team_id"] = FakeSlack.TeamId },
            ["api_app_id"] = FakeSlack.AppId,
            ["trigger_id"] = Slack.IssueTriggerId(),
            ["view"] = ViewPayload(view, answers),
        };
        return await InteractAsync(payload);
    }

    /// <summary>Clicks a button (found by verb) in an open modal.</summary>
    public Task<JsonObject?> ClickInViewAsync(string user, FakeView view, string verb) =>
        InteractAsync(ActionPayload(user, Button(view.View["blocks"]!.AsArray(), verb),
            new JsonObject { ["type"] = "view", ["view_id"] = view.Id }, ViewPayload(view, new Dictionary<string, string>())));

    /// <summary>Clicks a button (found by verb, or "showcard" and its index) on a message the bot posted.</summary>
    public Task<JsonObject?> ClickInMessageAsync(string user, string channel, string ts, string verb)
    {
        var message = Slack.Messages(channel).Single(m => m.Ts == ts);
        var payload = ActionPayload(user, Button(message.Blocks!, verb),
            new JsonObject { ["type"] = "message", ["message_ts"] = ts, ["channel_id"] = channel, ["is_ephemeral"] = false }, null);
        payload["channel"] = new JsonObject { ["id"] = channel };
        payload["response_url"] = "https://hooks.slack.com/actions/T0001/2/y";
        return InteractAsync(payload);
    }

    private static string NameOf(string user) => user switch { "U0RITA" => "rita", "U0AGENT" => "amy", _ => user.ToLowerInvariant() };

    public Task DeliverAsync() => Host.Get<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);

    public FakeView LatestView() => Slack.Views().Where(v => v.Type == "modal").Last();

    private async Task<JsonObject?> InteractAsync(JsonObject payload)
    {
        var body = new FormUrlEncodedContent(new Dictionary<string, string> { ["payload"] = payload.ToJsonString() }).ReadAsStringAsync().Result;
        var response = await PostSignedAsync("/api/slack/interactions", "application/x-www-form-urlencoded", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text)!.AsObject();
    }

    private JsonObject ActionPayload(string user, JsonObject button, JsonObject container, JsonObject? view)
    {
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user, ["name"] = NameOf(user), ["team_id"] = FakeSlack.TeamId },
            ["team"] = new JsonObject { ["id"] = FakeSlack.TeamId },
            ["api_app_id"] = FakeSlack.AppId,
            ["container"] = container,
            ["trigger_id"] = Slack.IssueTriggerId(),
            ["state"] = new JsonObject { ["values"] = new JsonObject() },
            ["actions"] = new JsonArray(new JsonObject
            {
                ["type"] = "button",
                ["action_id"] = button["action_id"]!.GetValue<string>(),
                ["block_id"] = "b",
                ["value"] = button["value"]?.GetValue<string>(),
                ["action_ts"] = Clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N")[..6],
            }),
        };
        if (view is not null)
        {
            payload["view"] = view;
        }
        return payload;
    }

    /// <summary>The view as Slack sends it back, with state values for each input block (answers by block id).</summary>
    private static JsonObject ViewPayload(FakeView view, IReadOnlyDictionary<string, string> answers)
    {
        var values = new JsonObject();
        foreach (var block in view.View["blocks"]!.AsArray().OfType<JsonObject>().Where(b => b["type"]?.GetValue<string>() == "input"))
        {
            var id = block["block_id"]!.GetValue<string>();
            var element = block["element"]!.AsObject();
            var type = element["type"]!.GetValue<string>();
            var answer = answers.GetValueOrDefault(id);
            JsonObject state = type switch
            {
                "static_select" or "radio_buttons" => new JsonObject
                {
                    ["type"] = type,
                    ["selected_option"] = answer is null ? null : new JsonObject { ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = answer }, ["value"] = answer },
                },
                "datepicker" => new JsonObject { ["type"] = type, ["selected_date"] = answer },
                _ => new JsonObject { ["type"] = type, ["value"] = answer },
            };
            values[id] = new JsonObject { [element["action_id"]!.GetValue<string>()] = state };
        }
        var payload = view.View.DeepClone().AsObject();
        payload["id"] = view.Id;
        payload["hash"] = view.Hash;
        payload["state"] = new JsonObject { ["values"] = values };
        return payload;
    }

    /// <summary>A button by its verb (the action id before '#') or by its title.</summary>
    private static JsonObject Button(JsonArray blocks, string verbOrTitle) =>
        blocks.OfType<JsonObject>()
            .SelectMany(b => (b["elements"] as JsonArray ?? []).OfType<JsonObject>().Concat(b["accessory"] is JsonObject a ? [a] : []))
            .First(e => e["type"]?.GetValue<string>() == "button"
                && (e["action_id"]!.GetValue<string>().StartsWith(verbOrTitle + "#", StringComparison.Ordinal) || e["text"]?["text"]?.GetValue<string>() == verbOrTitle));

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
        await Slack.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}
