using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SupportBot.Slack.Inbound;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Tests.Slack.EndToEnd;

/// <summary>
/// What a request to the Slack Request URLs that is not an event gets: the URL check's challenge (only
/// when signed), the TLS probe, and a body too big sent without a length. Every forged signature and
/// the team allow-list are in Security/ForgedRequestTests; bad bodies in the corpus (Corpus/slack-*.json).
/// </summary>
public sealed class SlackForgedRequestTests
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly string[] Tables = ["inbound_events", "cases", "outbox", "intake_sessions"];

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

    private static Task<string> FormAsync(Dictionary<string, string> fields) => new FormUrlEncodedContent(fields).ReadAsStringAsync();

    /// <summary>Hides its length, so that HttpClient sends the body chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
