using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
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

    private SlackDriver(FakeSlack slack, TimeProvider time)
    {
        Slack = slack;
        Time = time;
    }

    public FakeSlack Slack { get; }

    /// <summary>The clock of the app, the fake and the requests.</summary>
    public TimeProvider Time { get; }

    public TestClock Clock => Time as TestClock ?? throw new InvalidOperationException("This driver runs on another clock: use Time.");

    public TestHost Host { get; private set; } = null!;

    public string Triage { get; private set; } = "";

    public string DatabaseFile => Path.Combine(folder, "supportbot.db");

    public HostDb Db => new(DatabaseFile);

    public static Task<SlackDriver> StartAsync(DateTimeOffset start, bool socketMode = false) =>
        StartAsync(start, new Dictionary<string, string?>(), socketMode);

    /// <summary>A request as Slack sends it: raw body, timestamp and v0 signature (or the given headers, to forge one).</summary>
    public async Task<HttpResponseMessage> PostSignedAsync(string path, string contentType, string body, string? signature = null, string? timestamp = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        timestamp ??= Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        request.Headers.Add(SlackSignature.TimestampHeader, timestamp);
        request.Headers.Add(SlackSignature.SignatureHeader, signature ?? SlackSignature.Compute(bytes, timestamp, SigningSecret));
        return await Host.Client.SendAsync(request);
    }

    /// <summary>The slash command; returns the ack body (empty when a modal opened).</summary>
    /// <param name="responseUrl">The command's response_url; a real Slack one (never posted to) by default.</param>
    public async Task<string> SupportAsync(string user, string channel, string text = "", string? responseUrl = null)
    {
        var body = await new FormUrlEncodedContent(CommandFields(user, channel, text, responseUrl)).ReadAsStringAsync();
        var response = await PostSignedAsync("/api/slack/commands", "application/x-www-form-urlencoded", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Submits a modal with the given answers for the inputs it has; returns the ack body as JSON (null when empty).</summary>
    public Task<JsonObject?> SubmitAsync(string user, FakeView view, IReadOnlyDictionary<string, string> answers) =>
        InteractAsync(SubmissionPayload(user, view, answers));

    /// <summary>Clicks a button (found by verb) in an open modal.</summary>
    public Task<JsonObject?> ClickInViewAsync(string user, FakeView view, string verb) => InteractAsync(ViewClickPayload(user, view, verb));

    /// <summary>Clicks a button (found by verb, or "showcard" and its index) on a message the bot posted.</summary>
    public Task<JsonObject?> ClickInMessageAsync(string user, string channel, string ts, string verb) =>
        InteractAsync(MessageClickPayload(user, channel, ts, verb));

    /// <summary>The slash command's fields, as Slack sends them (a form over HTTP, a JSON object over Socket Mode).</summary>
    private Dictionary<string, string> CommandFields(string user, string channel, string text, string? responseUrl = null) => new()
    {
        ["token"] = "legacy",
        ["team_id"] = FakeSlack.TeamId,
        ["channel_id"] = channel,
        ["user_id"] = user,
        ["user_name"] = NameOf(user),
        ["command"] = "/support",
        ["text"] = text,
        ["api_app_id"] = FakeSlack.AppId,
        ["response_url"] = responseUrl ?? "https://hooks.slack.com/commands/T0001/1/x",
        ["trigger_id"] = Slack.IssueTriggerId(),
    };

    private JsonObject SubmissionPayload(string user, FakeView view, IReadOnlyDictionary<string, string> answers) => new()
    {
        ["type"] = "view_submission",
        ["team"] = new JsonObject { ["id"] = FakeSlack.TeamId },
        ["user"] = new JsonObject { ["id"] = user, ["name"] = NameOf(user), ["team_id"] = FakeSlack.TeamId },
        ["api_app_id"] = FakeSlack.AppId,
        ["trigger_id"] = Slack.IssueTriggerId(),
        ["view"] = ViewPayload(view, answers),
    };

    private JsonObject ViewClickPayload(string user, FakeView view, string verb) =>
        ActionPayload(user, Button(view.View["blocks"]!.AsArray(), verb),
            new JsonObject { ["type"] = "view", ["view_id"] = view.Id }, ViewPayload(view, new Dictionary<string, string>()));

    private JsonObject MessageClickPayload(string user, string channel, string ts, string verb)
    {
        var message = Slack.Messages(channel).Single(m => m.Ts == ts);
        var payload = ActionPayload(user, Button(message.Blocks!, verb),
            new JsonObject { ["type"] = "message", ["message_ts"] = ts, ["channel_id"] = channel, ["is_ephemeral"] = false }, null);
        payload["channel"] = new JsonObject { ["id"] = channel };
        payload["response_url"] = "https://hooks.slack.com/actions/T0001/2/y";
        return payload;
    }

    private static string NameOf(string user) => user switch { "U0RITA" => "rita", "U0AGENT" => "amy", _ => user.ToLowerInvariant() };

    public Task DeliverAsync() => Host.Get<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);

    public FakeView LatestView() => Slack.Views().Where(v => v.Type == "modal").Last();

    private async Task<JsonObject?> InteractAsync(JsonObject payload)
    {
        var body = await new FormUrlEncodedContent(new Dictionary<string, string> { ["payload"] = payload.ToJsonString() }).ReadAsStringAsync();
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
                ["action_ts"] = Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N")[..6],
            }),
        };
        if (view is not null)
        {
            payload["view"] = view;
        }
        return payload;
    }

    /// <summary>The view as Slack sends it back, with state values for each input block (answers by block id).</summary>
    public static JsonObject ViewPayload(FakeView view, IReadOnlyDictionary<string, string> answers)
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

    // ---------------------------------------------------------------------------------------------
    // Added for the forged-request, retry and Socket Mode tests. Nothing above changed: these are a
    // start with more settings, raw requests with exactly the headers a test gives, an Events API
    // envelope, and the payloads above sent as Socket Mode envelopes (the ack comes back instead of
    // an HTTP response).
    // ---------------------------------------------------------------------------------------------

    /// <summary>As <see cref="StartAsync(DateTimeOffset, bool)"/>, with more settings over the driver's own (e.g. AllowedTeams).</summary>
    public static async Task<SlackDriver> StartAsync(
        DateTimeOffset start, IReadOnlyDictionary<string, string?> more, bool socketMode = false, Action<IServiceCollection>? services = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(more);
        var clock = time ?? new TestClock(start);
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
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }
        driver.Host = await TestHost.StartAsync(Path.Combine(driver.folder, "supportbot.db"), clock, settings: settings, services: services);
        return driver;
    }

    /// <summary>The clock's now as Slack writes it in <c>X-Slack-Request-Timestamp</c>.</summary>
    public string Timestamp(TimeSpan offset = default) =>
        (Time.GetUtcNow() + offset).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>A POST with exactly the given headers and nothing added (no signature unless given).</summary>
    public async Task<HttpResponseMessage> PostRawAsync(string path, string contentType, byte[] body, IReadOnlyDictionary<string, string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }
        return await Host.Client.SendAsync(request);
    }

    /// <summary>An Events API delivery, signed, with Slack's retry headers when <paramref name="retryNum"/> is given.</summary>
    public Task<HttpResponseMessage> PostEventAsync(JsonObject envelope, int? retryNum = null, string retryReason = "http_timeout")
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var body = Encoding.UTF8.GetBytes(envelope.ToJsonString());
        var timestamp = Timestamp();
        var headers = new Dictionary<string, string>
        {
            [SlackSignature.TimestampHeader] = timestamp,
            [SlackSignature.SignatureHeader] = SlackSignature.Compute(body, timestamp, SigningSecret),
        };
        if (retryNum is { } n)
        {
            headers["X-Slack-Retry-Num"] = n.ToString(CultureInfo.InvariantCulture);
            headers["X-Slack-Retry-Reason"] = retryReason;
        }
        return PostRawAsync("/api/slack/events", "application/json", body, headers);
    }

    /// <summary>An <c>event_callback</c> envelope around a <c>message.im</c> (a DM to the bot), as Slack sends it.</summary>
    public JsonObject DirectMessageEvent(string eventId, string user, string channel, string text, string team = FakeSlack.TeamId, string? botId = null)
    {
        var ts = Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ".000100";
        var message = new JsonObject
        {
            ["type"] = "message",
            ["channel"] = channel,
            ["user"] = user,
            ["text"] = text,
            ["ts"] = ts,
            ["event_ts"] = ts,
            ["channel_type"] = "im",
        };
        if (botId is not null)
        {
            message["bot_id"] = botId;
            message["app_id"] = FakeSlack.AppId;
        }
        return new JsonObject
        {
            ["token"] = "legacy",
            ["team_id"] = team,
            ["api_app_id"] = FakeSlack.AppId,
            ["event"] = message,
            ["type"] = "event_callback",
            ["event_id"] = eventId,
            ["event_time"] = Time.GetUtcNow().ToUnixTimeSeconds(),
            ["authorizations"] = new JsonArray(new JsonObject
            {
                ["team_id"] = team,
                ["user_id"] = FakeSlack.BotUserId,
                ["is_bot"] = true,
                ["is_enterprise_install"] = false,
            }),
        };
    }

    /// <summary>The bot's DM with a user as Slack already has it (opened through the Web API, as a person's first DM would).</summary>
    public async Task<string> OpenDirectAsync(string user)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Slack.ApiBaseUrl, "conversations.open"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["users"] = user }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", FakeSlack.BotToken);
        var answer = JsonNode.Parse(await (await http.SendAsync(request)).Content.ReadAsStringAsync())!;
        return answer["channel"]!["id"]!.GetValue<string>();
    }

    /// <summary><see cref="SupportAsync"/> over Socket Mode: the command's fields as a JSON object; returns the ack.</summary>
    public Task<JsonObject> SocketSupportAsync(string user, string channel, string text = "") =>
        Slack.SendEnvelopeAsync("slash_commands",
            new JsonObject(CommandFields(user, channel, text).Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value))),
            acceptsResponsePayload: true).WaitAsync(StepDeadline);

    /// <summary><see cref="SubmitAsync"/> over Socket Mode; returns the ack's payload (null when it has none).</summary>
    public Task<JsonObject?> SocketSubmitAsync(string user, FakeView view, IReadOnlyDictionary<string, string> answers) =>
        SocketInteractAsync(SubmissionPayload(user, view, answers), acceptsResponsePayload: true);

    /// <summary><see cref="ClickInViewAsync"/> over Socket Mode.</summary>
    public Task<JsonObject?> SocketClickInViewAsync(string user, FakeView view, string verb) =>
        SocketInteractAsync(ViewClickPayload(user, view, verb), acceptsResponsePayload: false);

    /// <summary><see cref="ClickInMessageAsync"/> over Socket Mode.</summary>
    public Task<JsonObject?> SocketClickInMessageAsync(string user, string channel, string ts, string verb) =>
        SocketInteractAsync(MessageClickPayload(user, channel, ts, verb), acceptsResponsePayload: false);

    /// <summary>An <c>interactive</c> envelope; block_actions take no answer in the ack, view_submission may.</summary>
    private async Task<JsonObject?> SocketInteractAsync(JsonObject payload, bool acceptsResponsePayload)
    {
        var ack = await Slack.SendEnvelopeAsync("interactive", payload, acceptsResponsePayload).WaitAsync(StepDeadline);
        return ack["payload"] as JsonObject;
    }

    /// <summary>How long one step may take before the test fails instead of hanging: generous, and never waited out when things work.</summary>
    public static readonly TimeSpan StepDeadline = TimeSpan.FromSeconds(10);
}
