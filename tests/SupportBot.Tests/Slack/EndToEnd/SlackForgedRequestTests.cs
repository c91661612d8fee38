using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SupportBot.Slack.Inbound;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Tests.Slack.EndToEnd;

/// <summary>
/// The real app's three Request URLs against requests Slack did not sign (slack-protocol §1): each is
/// 401 with no body and leaves no trace, neither in the database nor at Slack. Then what a signed
/// request that is not an event gets: the URL check's challenge, the TLS probe, too big, not JSON,
/// and a workspace the desk does not serve.
/// </summary>
public sealed class SlackForgedRequestTests
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly string[] Tables = ["inbound_events", "cases", "outbox", "intake_sessions"];

    public static TheoryData<string> Endpoints => ["/api/slack/events", "/api/slack/commands", "/api/slack/interactions"];

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Requests_that_Slack_did_not_sign_get_401_with_no_body_and_change_nothing(string path)
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        // In HTTP mode the app calls nothing at start-up (Socket Mode would call apps.connections.open).
        Assert.Empty(bot.Slack.Calls());
        var (contentType, body) = await GenuineAsync(bot, path);
        var failures = new List<string>();

        foreach (var (forgery, headers, sent) in Forgeries(bot, body))
        {
            using var response = await bot.PostRawAsync(path, contentType, sent, headers);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Unauthorized || text.Length > 0 || response.Content.Headers.ContentLength > 0)
            {
                failures.Add($"{forgery}: {(int)response.StatusCode} '{text}'");
            }
        }
        // Anything let through would have been handled before its answer and its outbox woken: look now.
        await bot.DeliverAsync();

        Assert.Empty(failures);
        Assert.All(Tables, table => Assert.Equal(0, bot.Db.Count($"SELECT count(*) FROM {table}")));
        Assert.Empty(bot.Slack.Calls());
        Assert.Empty(bot.Slack.Views());

        // The same request, signed, is one the app acts on: the refusals above were the signature's doing.
        using var genuine = await bot.PostRawAsync(path, contentType, body, Signed(bot, body));
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Equal(1, bot.Db.Count("SELECT count(*) FROM inbound_events"));
    }

    [Fact]
    public async Task A_url_verification_is_answered_with_its_challenge()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        const string Challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P";
        var body = new JsonObject { ["token"] = "legacy", ["challenge"] = Challenge, ["type"] = "url_verification" }.ToJsonString();

        using var response = await bot.PostSignedAsync("/api/slack/events", "application/json", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(Challenge, answer["challenge"]!.GetValue<string>());
        Assert.Empty(bot.Slack.Calls());
        Assert.Equal(0, bot.Db.Count("SELECT count(*) FROM inbound_events"));
    }

    [Fact]
    public async Task A_url_verification_that_Slack_did_not_sign_gets_no_challenge_back()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        var body = Encoding.UTF8.GetBytes("""{"token":"legacy","challenge":"c0ffee","type":"url_verification"}""");

        using var response = await bot.PostRawAsync("/api/slack/events", "application/json", body, Signed(bot, body, "another-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_ssl_check_on_the_command_URL_is_200_with_no_body_and_nothing_in_it_is_run()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        // bolt strips every other field of an ssl_check, so that a command cannot be smuggled in with one.
        var form = new Dictionary<string, string>
        {
            ["ssl_check"] = "1",
            ["token"] = "legacy",
            ["team_id"] = FakeSlack.TeamId,
            ["channel_id"] = "D0RITA",
            ["user_id"] = "U0RITA",
            ["command"] = "/support",
            ["text"] = "the wifi is down",
            ["trigger_id"] = bot.Slack.IssueTriggerId(),
        };

        using var response = await bot.PostSignedAsync("/api/slack/commands", "application/x-www-form-urlencoded", await FormAsync(form));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        await bot.DeliverAsync();
        Assert.All(Tables, table => Assert.Equal(0, bot.Db.Count($"SELECT count(*) FROM {table}")));
        Assert.Empty(bot.Slack.Calls());
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_body_over_1_MB_is_413_and_changes_nothing(string path)
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        var body = new byte[SlackRequest.MaxBodyBytes + 1];
        Array.Fill(body, (byte)'a');

        using var response = await bot.PostRawAsync(path, "application/json", body, Signed(bot, body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.All(Tables, table => Assert.Equal(0, bot.Db.Count($"SELECT count(*) FROM {table}")));
        Assert.Empty(bot.Slack.Calls());
    }

    [Fact]
    public async Task A_body_over_1_MB_sent_without_a_length_is_413_too()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        var body = new byte[SlackRequest.MaxBodyBytes + 1];
        Array.Fill(body, (byte)' ');
        var timestamp = bot.Timestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/slack/events")
        {
            // A stream of unknown length goes out chunked: only counting the bytes can stop it.
            Content = new StreamContent(new UnknownLengthStream(body)),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(SlackSignature.TimestampHeader, timestamp);
        request.Headers.Add(SlackSignature.SignatureHeader, SlackSignature.Compute(body, timestamp, SlackDriver.SigningSecret));

        using var response = await bot.Host.Client.SendAsync(request);

        Assert.Null(request.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, bot.Db.Count("SELECT count(*) FROM inbound_events"));
    }

    [Theory]
    [InlineData("{\"type\":\"event_callback\",")]
    [InlineData("not json at all")]
    [InlineData("[\"an array\"]")]
    public async Task An_events_body_that_is_not_a_JSON_object_but_is_signed_is_400(string body)
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);

        using var response = await bot.PostSignedAsync("/api/slack/events", "application/json", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, bot.Db.Count("SELECT count(*) FROM inbound_events"));
        Assert.Empty(bot.Slack.Calls());
    }

    [Fact]
    public async Task Requests_from_a_workspace_outside_AllowedTeams_are_acknowledged_and_change_nothing()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc, new Dictionary<string, string?>
        {
            ["SupportBot:Slack:AllowedTeams:0"] = FakeSlack.TeamId,
        });
        const string Stranger = "T0STRANGER";

        using var theirEvent = await bot.PostEventAsync(bot.DirectMessageEvent("Ev0STRANGER1", "U0RITA", "D0RITA", "the wifi is down", team: Stranger));
        var command = await FormAsync(new Dictionary<string, string>
        {
            ["team_id"] = Stranger,
            ["channel_id"] = "D0RITA",
            ["user_id"] = "U0RITA",
            ["command"] = "/support",
            ["text"] = "the wifi is down",
            ["trigger_id"] = bot.Slack.IssueTriggerId(),
        });
        using var theirCommand = await bot.PostSignedAsync("/api/slack/commands", "application/x-www-form-urlencoded", command);
        var click = StartClick(bot, Stranger);
        using var theirClick = await bot.PostSignedAsync("/api/slack/interactions", "application/x-www-form-urlencoded", await FormAsync(new() { ["payload"] = click.ToJsonString() }));
        await bot.DeliverAsync();

        Assert.Equal(HttpStatusCode.OK, theirEvent.StatusCode);
        Assert.Equal("", await theirEvent.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, theirCommand.StatusCode);
        Assert.Contains("not set up", await theirCommand.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, theirClick.StatusCode);
        Assert.Equal("", await theirClick.Content.ReadAsStringAsync());
        Assert.All(Tables, table => Assert.Equal(0, bot.Db.Count($"SELECT count(*) FROM {table}")));
        Assert.Empty(bot.Slack.Calls());

        // The same event from the allowed workspace is handled: the refusals above were the team's doing.
        using var ours = await bot.PostEventAsync(bot.DirectMessageEvent("Ev0OURS1", "U0RITA", "D0RITA", "the wifi is down"));
        Assert.Equal(HttpStatusCode.OK, ours.StatusCode);
        Assert.Equal(1, bot.Db.Count("SELECT count(*) FROM inbound_events"));
    }

    /// <summary>A request each endpoint acts on when it is signed: a DM to the bot, /support, a click on Report a problem.</summary>
    private static async Task<(string ContentType, byte[] Body)> GenuineAsync(SlackDriver bot, string path)
    {
        const string Form = "application/x-www-form-urlencoded";
        return path switch
        {
            "/api/slack/events" => ("application/json",
                Encoding.UTF8.GetBytes(bot.DirectMessageEvent("Ev0FORGED1", "U0RITA", "D0RITA", "the wifi is down").ToJsonString())),
            "/api/slack/commands" => (Form, Encoding.UTF8.GetBytes(await FormAsync(new Dictionary<string, string>
            {
                ["token"] = "legacy",
                ["team_id"] = FakeSlack.TeamId,
                ["channel_id"] = "D0RITA",
                ["user_id"] = "U0RITA",
                ["user_name"] = "rita",
                ["command"] = "/support",
                ["text"] = "the wifi is down",
                ["api_app_id"] = FakeSlack.AppId,
                ["response_url"] = "https://hooks.slack.com/commands/T0001/1/x",
                ["trigger_id"] = bot.Slack.IssueTriggerId(),
            }))),
            _ => (Form, Encoding.UTF8.GetBytes(await FormAsync(new Dictionary<string, string> { ["payload"] = StartClick(bot, FakeSlack.TeamId).ToJsonString() }))),
        };
    }

    /// <summary>Every way a request can fail verification, each otherwise exactly what Slack would send.</summary>
    private static IEnumerable<(string Name, Dictionary<string, string> Headers, byte[] Body)> Forgeries(SlackDriver bot, byte[] body)
    {
        var now = bot.Timestamp();
        var signed = SlackSignature.Compute(body, now, SlackDriver.SigningSecret);
        var window = SlackSignature.Window + TimeSpan.FromSeconds(1);
        yield return ("signed with another secret", Signed(bot, body, "another-secret"), body);
        yield return ("one hex digit of the signature changed", Headers(now, signed[..^1] + (signed[^1] == '0' ? '1' : '0')), body);
        yield return ("timestamp 5 minutes and 1 second old", Signed(bot, body, SlackDriver.SigningSecret, -window), body);
        yield return ("timestamp 5 minutes and 1 second ahead", Signed(bot, body, SlackDriver.SigningSecret, window), body);
        yield return ("no timestamp header", new() { [SlackSignature.SignatureHeader] = signed }, body);
        yield return ("no signature header", new() { [SlackSignature.TimestampHeader] = now }, body);
        yield return ("no headers at all", [], body);
        yield return ("timestamp not a number", Headers("soon", SlackSignature.Compute(body, "soon", SlackDriver.SigningSecret)), body);
        yield return ("body changed after signing", Headers(now, signed), [.. body, (byte)' ']);
        yield return ("a v1= signature", Headers(now, "v1=" + signed["v0=".Length..]), body);
        yield return ("the signature without its v0= prefix", Headers(now, signed["v0=".Length..]), body);
        yield return ("an empty body signed with another secret", Signed(bot, [], "another-secret"), []);
        yield return ("an empty body with the signature of the real one", Headers(now, signed), []);
    }

    private static Dictionary<string, string> Signed(SlackDriver bot, byte[] body, string secret = SlackDriver.SigningSecret, TimeSpan offset = default)
    {
        var timestamp = bot.Timestamp(offset);
        return Headers(timestamp, SlackSignature.Compute(body, timestamp, secret));
    }

    private static Dictionary<string, string> Headers(string timestamp, string signature) => new()
    {
        [SlackSignature.TimestampHeader] = timestamp,
        [SlackSignature.SignatureHeader] = signature,
    };

    /// <summary>Report a problem clicked on the offer in Rita's DM: opens the form when accepted.</summary>
    private static JsonObject StartClick(SlackDriver bot, string team) => new()
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = "U0RITA", ["name"] = "rita", ["team_id"] = team },
        ["team"] = new JsonObject { ["id"] = team },
        ["api_app_id"] = FakeSlack.AppId,
        ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = "1795082400.000100", ["channel_id"] = "D0RITA", ["is_ephemeral"] = false },
        ["channel"] = new JsonObject { ["id"] = "D0RITA" },
        ["trigger_id"] = bot.Slack.IssueTriggerId(),
        ["actions"] = new JsonArray(new JsonObject
        {
            ["type"] = "button",
            ["action_id"] = "intake.start#0",
            ["block_id"] = "b",
            ["value"] = "{}",
            ["action_ts"] = "1795082401.000200",
        }),
    };

    private static Task<string> FormAsync(Dictionary<string, string> fields) => new FormUrlEncodedContent(fields).ReadAsStringAsync();

    /// <summary>Hides its length, so that HttpClient sends the body chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
