using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SupportBot.Slack.Api;
using SupportBot.Slack.Inbound;
using SupportBot.Tests.Slack.EndToEnd;
using SupportBot.Tests.Slack.Fakes;
using SupportBot.Tests.Teams.EndToEnd;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Tests.Security;

/// <summary>
/// Every token and signature attack from the Teams and Slack issues, against the real app in one
/// place (DESIGN §9). Each is refused as the platform expects — 401 (403 for a genuine token naming a
/// service URL off the allow-list) with no body; a tenant or workspace outside the allow-list is
/// acknowledged and dropped, since both platforms treat anything else as a failure to retry — and
/// none changes the desk's state, records an event, or makes the bot call anyone. Genuine requests
/// through the same doors are accepted, so each refusal is the forgery's doing.
/// </summary>
public sealed class ForgedRequestTests(ForgedRig rig) : IClassFixture<ForgedRig>
{
    private const string Stranger = "55555555-0000-0000-0000-0000000000dd";
    private const string EvilServiceUrl = "https://smba.evil.example/teams/";

    public static TheoryData<string> TeamsAttacks =>
    [
        "no token", "not a Bearer token", "expired", "not yet valid", "wrong audience", "wrong issuer", "unknown key id", "bad signature",
        "alg none", "HS256 signed with the public key", "key not endorsed for msteams", "serviceUrl differs from the token's",
        "serviceUrl not on the allow-list", "tenant not on the allow-list", "Entra token from another tenant", "Entra tid of another tenant",
        "Entra caller app not allowed (v2 azp)", "Entra caller app not allowed (v1 appid)", "Entra HS256 signed with the public key",
        "Entra alg none", "Entra wrong audience", "Entra expired",
    ];

    [Theory]
    [MemberData(nameof(TeamsAttacks))]
    public async Task A_forged_Teams_request_is_refused_and_changes_nothing(string attack)
    {
        var teams = rig.Teams;
        teams.Identity.AddUnpublishedKey("stranger-key");
        var now = rig.Slack.Clock.GetUtcNow();
        var service = teams.Connector.ServiceUrl;
        var activity = teams.Personal(TeamsDriver.Message("the wifi is down"));
        var (scheme, token, expected) = attack switch
        {
            "no token" => (null, null, HttpStatusCode.Unauthorized),
            "not a Bearer token" => ("Basic", teams.Identity.Mint(FakeConnector.AppId, service), HttpStatusCode.Unauthorized),
            "expired" => ("Bearer", teams.Identity.Mint(FakeConnector.AppId, service, notBefore: now.AddHours(-2), expires: now.AddMinutes(-6)), HttpStatusCode.Unauthorized),
            "not yet valid" => ("Bearer", teams.Identity.Mint(FakeConnector.AppId, service, notBefore: now.AddMinutes(6), expires: now.AddHours(1)), HttpStatusCode.Unauthorized),
            "wrong audience" => ("Bearer", teams.Identity.Mint(FakeConnector.AppId, service, audience: Stranger), HttpStatusCode.Unauthorized),
            "wrong issuer" => ("Bearer", teams.Identity.Mint(FakeConnector.AppId, service, issuer: "https://sts.example/"), HttpStatusCode.Unauthorized),
            "unknown key id" => ("Bearer", teams.Identity.Mint(FakeConnector.AppId, service, kid: "stranger-key"), HttpStatusCode.Unauthorized),
            "bad signature" => ("Bearer", teams.Identity.Mint(FakeConnector.AppId, service, signWith: "stranger-key"), HttpStatusCode.Unauthorized),
            "alg none" => ("Bearer", teams.Identity.Mint(FakeConnector.AppId, service, alg: "none"), HttpStatusCode.Unauthorized),
            "HS256 signed with the public key" => ("Bearer", teams.Identity.Mint(FakeConnector.AppId, service, alg: "HS256"), HttpStatusCode.Unauthorized),
            "key not endorsed for msteams" => ("Bearer", teams.Identity.Mint(FakeConnector.AppId, service, kid: FakeBotIdentity.WebChatKeyId), HttpStatusCode.Unauthorized),
            "serviceUrl differs from the token's" => ("Bearer", teams.Identity.Mint(FakeConnector.AppId, "https://elsewhere.example/"), HttpStatusCode.Unauthorized),
            "serviceUrl not on the allow-list" => ("Bearer", teams.Identity.Mint(FakeConnector.AppId, EvilServiceUrl), HttpStatusCode.Forbidden),
            "tenant not on the allow-list" => ("Bearer", teams.Identity.Mint(FakeConnector.AppId, service), HttpStatusCode.OK),
            "Entra token from another tenant" => ("Bearer", rig.Entra.Mint("2.0", FakeConnector.AppId, tenant: FakeEntraIdentity.OtherTenantId), HttpStatusCode.Unauthorized),
            "Entra tid of another tenant" => ("Bearer", rig.Entra.Mint("1.0", FakeConnector.AppId, claims: new Dictionary<string, object?> { ["tid"] = FakeEntraIdentity.OtherTenantId }), HttpStatusCode.Unauthorized),
            "Entra caller app not allowed (v2 azp)" => ("Bearer", rig.Entra.Mint("2.0", FakeConnector.AppId, caller: Stranger), HttpStatusCode.Unauthorized),
            "Entra caller app not allowed (v1 appid)" => ("Bearer", rig.Entra.Mint("1.0", FakeConnector.AppId, caller: Stranger), HttpStatusCode.Unauthorized),
            "Entra HS256 signed with the public key" => ("Bearer", rig.Entra.Mint("2.0", FakeConnector.AppId, alg: "HS256"), HttpStatusCode.Unauthorized),
            "Entra alg none" => ("Bearer", rig.Entra.Mint("2.0", FakeConnector.AppId, alg: "none"), HttpStatusCode.Unauthorized),
            "Entra wrong audience" => ("Bearer", rig.Entra.Mint("2.0", FakeConnector.AppId, claims: new Dictionary<string, object?> { ["aud"] = Stranger }), HttpStatusCode.Unauthorized),
            "Entra expired" => ("Bearer", rig.Entra.Mint("1.0", FakeConnector.AppId, claims: new Dictionary<string, object?>
            {
                ["nbf"] = now.AddHours(-2).ToUnixTimeSeconds(),
                ["exp"] = now.AddMinutes(-6).ToUnixTimeSeconds(),
            }), HttpStatusCode.Unauthorized),
            _ => throw new ArgumentOutOfRangeException(nameof(attack), attack, "No such attack."),
        };
        if (attack == "serviceUrl not on the allow-list")
        {
            activity["serviceUrl"] = EvilServiceUrl;
        }
        if (attack == "tenant not on the allow-list")
        {
            activity["conversation"]!["tenantId"] = FakeEntraIdentity.OtherTenantId;
            activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = FakeEntraIdentity.OtherTenantId } };
        }
        await rig.Slack.DeliverAsync();
        var before = rig.Snapshot();
        var events = rig.InboundEvents;
        var requests = teams.Connector.Requests.Count;

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(scheme!, token);
        }
        using var response = await rig.Slack.Host.Client.SendAsync(request);
        await rig.Slack.DeliverAsync();

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Empty(rig.Snapshot().ChangedSince(before));
        Assert.Equal(events, rig.InboundEvents);
        Assert.Equal(requests, teams.Connector.Requests.Count);
        Assert.Equal(0, rig.AttackerHits);
    }

    [Theory]
    [InlineData("Bot Connector")]
    [InlineData("Entra v1.0")]
    [InlineData("Entra v2.0")]
    public async Task A_genuine_Teams_request_through_the_same_door_is_accepted(string issuer)
    {
        var token = issuer switch
        {
            "Bot Connector" => rig.Teams.Identity.Mint(FakeConnector.AppId, rig.Teams.Connector.ServiceUrl),
            "Entra v1.0" => rig.Entra.Mint("1.0", FakeConnector.AppId),
            _ => rig.Entra.Mint("2.0", FakeConnector.AppId),
        };
        var events = rig.InboundEvents;

        using var response = await rig.Teams.SendAsync(rig.Teams.Personal(TeamsDriver.Message("help")), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(events + 1, rig.InboundEvents);
    }

    public static TheoryData<string, string> SlackAttacks
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var path in SlackPaths)
            {
                foreach (var attack in SlackForgeries)
                {
                    data.Add(path, attack);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(SlackAttacks))]
    public async Task A_forged_Slack_request_is_refused_with_401_and_no_body_and_changes_nothing(string path, string attack)
    {
        var (contentType, body) = await GenuineAsync(path, FakeSlack.TeamId);
        var (headers, sent) = Forge(attack, body);
        await rig.Slack.DeliverAsync();
        var before = rig.Snapshot();
        var events = rig.InboundEvents;
        var calls = rig.Slack.Slack.Calls().Count;

        using var response = await rig.Slack.PostRawAsync(path, contentType, sent, headers);
        await rig.Slack.DeliverAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Empty(rig.Snapshot().ChangedSince(before));
        Assert.Equal(events, rig.InboundEvents);
        Assert.Equal(calls, rig.Slack.Slack.Calls().Count);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_signed_Slack_request_from_a_workspace_off_the_allow_list_is_acknowledged_and_changes_nothing(string path)
    {
        var (contentType, body) = await GenuineAsync(path, "T0STRANGER");
        await rig.Slack.DeliverAsync();
        var before = rig.Snapshot();
        var events = rig.InboundEvents;
        var calls = rig.Slack.Slack.Calls().Count;

        using var response = await rig.Slack.PostRawAsync(path, contentType, body, Signed(body));
        await rig.Slack.DeliverAsync();

        // Slack retries anything but a 2xx; the slash command's answer is only for the person who typed it.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(path.EndsWith("commands", StringComparison.Ordinal) ? text.Contains("not set up", StringComparison.Ordinal) : text.Length == 0, text);
        Assert.Empty(rig.Snapshot().ChangedSince(before));
        Assert.Equal(events, rig.InboundEvents);
        Assert.Equal(calls, rig.Slack.Slack.Calls().Count);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_genuine_Slack_request_through_the_same_door_is_accepted(string path)
    {
        var (contentType, body) = await GenuineAsync(path, FakeSlack.TeamId);
        var events = rig.InboundEvents;

        using var response = await rig.Slack.PostRawAsync(path, contentType, body, Signed(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(events + 1, rig.InboundEvents);
    }

    [Fact]
    public async Task A_response_url_off_hooks_slack_com_in_a_signed_request_is_never_called()
    {
        var hook = new Uri(rig.AttackerUrl, "commands/T0001/1/x").AbsoluteUri;
        var command = await FormAsync(CommandFields(FakeSlack.TeamId, hook));
        var click = await FormAsync(new() { ["payload"] = StartClick(FakeSlack.TeamId, hook).ToJsonString() });

        using var commanded = await rig.Slack.PostRawAsync("/api/slack/commands", Form, command, Signed(command));
        using var clicked = await rig.Slack.PostRawAsync("/api/slack/interactions", Form, click, Signed(click));
        await rig.Slack.DeliverAsync();

        Assert.Equal(HttpStatusCode.OK, commanded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, clicked.StatusCode);
        Assert.Equal(0, rig.AttackerHits);
        // And the one door to response URLs refuses it, whoever asks.
        var api = rig.Slack.Host.Get<SlackApiClient>();
        await Assert.ThrowsAsync<ArgumentException>(() => api.PostToResponseUrlAsync(hook, new JsonObject { ["text"] = "hi" }, CancellationToken.None));
        Assert.Equal(0, rig.AttackerHits);
    }

    private const string Form = "application/x-www-form-urlencoded";

    private static readonly string[] SlackPaths = ["/api/slack/events", "/api/slack/commands", "/api/slack/interactions"];

    public static TheoryData<string> Paths => [.. SlackPaths];

    private static readonly string[] SlackForgeries =
    [
        "no signature", "no timestamp", "no headers at all", "wrong signature (another secret)", "one hex digit of the signature changed",
        "stale timestamp (5 min 1 s old)", "future timestamp (5 min 1 s ahead)", "replayed signature with an altered body",
        "wrong version prefix (v1=)", "no version prefix", "timestamp not a number", "empty body signed with another secret",
        "empty body with the real body's signature",
    ];

    /// <summary>The headers and body of each attack, otherwise exactly what Slack would send.</summary>
    private (Dictionary<string, string> Headers, byte[] Body) Forge(string attack, byte[] body)
    {
        var now = rig.Slack.Timestamp();
        var signed = SlackSignature.Compute(body, now, SlackDriver.SigningSecret);
        var window = SlackSignature.Window + TimeSpan.FromSeconds(1);
        return attack switch
        {
            "no signature" => (new() { [SlackSignature.TimestampHeader] = now }, body),
            "no timestamp" => (new() { [SlackSignature.SignatureHeader] = signed }, body),
            "no headers at all" => ([], body),
            "wrong signature (another secret)" => (Signed(body, "another-secret"), body),
            "one hex digit of the signature changed" => (Headers(now, signed[..^1] + (signed[^1] == '0' ? '1' : '0')), body),
            "stale timestamp (5 min 1 s old)" => (Signed(body, offset: -window), body),
            "future timestamp (5 min 1 s ahead)" => (Signed(body, offset: window), body),
            "replayed signature with an altered body" => (Headers(now, signed), [.. body, (byte)' ']),
            "wrong version prefix (v1=)" => (Headers(now, "v1=" + signed["v0=".Length..]), body),
            "no version prefix" => (Headers(now, signed["v0=".Length..]), body),
            "timestamp not a number" => (Headers("soon", SlackSignature.Compute(body, "soon", SlackDriver.SigningSecret)), body),
            "empty body signed with another secret" => (Signed([], "another-secret"), []),
            "empty body with the real body's signature" => (Headers(now, signed), []),
            _ => throw new ArgumentOutOfRangeException(nameof(attack), attack, "No such attack."),
        };
    }

    /// <summary>A request each endpoint acts on when it is signed: a DM to the bot, /support, a click on Report a problem.</summary>
    private async Task<(string ContentType, byte[] Body)> GenuineAsync(string path, string team) => path switch
    {
        "/api/slack/events" => ("application/json", Encoding.UTF8.GetBytes(
            rig.Slack.DirectMessageEvent($"Ev0{Guid.NewGuid():N}", "U0RITA", "D0RITA", "the wifi is down", team).ToJsonString())),
        "/api/slack/commands" => (Form, await FormAsync(CommandFields(team, "https://hooks.slack.com/commands/T0001/1/x"))),
        _ => (Form, await FormAsync(new() { ["payload"] = StartClick(team, "https://hooks.slack.com/actions/T0001/2/y").ToJsonString() })),
    };

    private Dictionary<string, string> CommandFields(string team, string responseUrl) => new()
    {
        ["token"] = "legacy",
        ["team_id"] = team,
        ["channel_id"] = "D0RITA",
        ["user_id"] = "U0RITA",
        ["user_name"] = "rita",
        ["command"] = "/support",
        ["text"] = "help",
        ["api_app_id"] = FakeSlack.AppId,
        ["response_url"] = responseUrl,
        ["trigger_id"] = rig.Slack.Slack.IssueTriggerId(),
    };

    /// <summary>Report a problem clicked on the offer in Rita's DM.</summary>
    private JsonObject StartClick(string team, string responseUrl) => new()
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = "U0RITA", ["name"] = "rita", ["team_id"] = team },
        ["team"] = new JsonObject { ["id"] = team },
        ["api_app_id"] = FakeSlack.AppId,
        ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = "1795082400.000100", ["channel_id"] = "D0RITA", ["is_ephemeral"] = false },
        ["channel"] = new JsonObject { ["id"] = "D0RITA" },
        ["trigger_id"] = rig.Slack.Slack.IssueTriggerId(),
        ["response_url"] = responseUrl,
        ["actions"] = new JsonArray(new JsonObject
        {
            ["type"] = "button",
            ["action_id"] = "intake.start#0",
            ["block_id"] = "b",
            ["value"] = "{}",
            ["action_ts"] = $"1795082401.{Guid.NewGuid():N}",
        }),
    };

    private Dictionary<string, string> Signed(byte[] body, string secret = SlackDriver.SigningSecret, TimeSpan offset = default)
    {
        var timestamp = rig.Slack.Timestamp(offset);
        return Headers(timestamp, SlackSignature.Compute(body, timestamp, secret));
    }

    private static Dictionary<string, string> Headers(string timestamp, string signature) => new()
    {
        [SlackSignature.TimestampHeader] = timestamp,
        [SlackSignature.SignatureHeader] = signature,
    };

    private static async Task<byte[]> FormAsync(Dictionary<string, string> fields) =>
        Encoding.UTF8.GetBytes(await new FormUrlEncodedContent(fields).ReadAsStringAsync());
}
