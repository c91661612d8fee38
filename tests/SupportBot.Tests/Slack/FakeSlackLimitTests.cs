using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Tests.Slack;

/// <summary>The fake's chat.postMessage pace, on request: Slack's per-channel limit and its 429.</summary>
public sealed class FakeSlackLimitTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 1, 40, TimeSpan.Zero);

    [Fact]
    public async Task Over_the_burst_a_post_gets_429_ratelimited_with_a_retry_after_and_other_channels_still_post()
    {
        var clock = new TestClock(T0);
        await using var slack = await FakeSlack.StartAsync(clock);
        slack.PostLimits = FakeSlack.DocumentedPostLimits();
        var busy = slack.AddChannel("busy");
        var quiet = slack.AddChannel("quiet");
        using var http = new HttpClient();

        for (var i = 0; i < FakeSlack.DocumentedPostBurst; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, slack, busy)).StatusCode);
        }
        using var limited = await PostAsync(http, slack, busy);
        using var other = await PostAsync(http, slack, quiet);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), limited.Headers.RetryAfter?.Delta);
        var body = await limited.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("""{"ok":false,"error":"ratelimited"}""", body!.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(1, slack.RateLimited);
        Assert.Equal(FakeSlack.DocumentedPostBurst, slack.Messages(busy).Count);
    }

    [Fact]
    public async Task After_the_burst_one_post_per_second_per_channel_goes_through()
    {
        var clock = new TestClock(T0);
        await using var slack = await FakeSlack.StartAsync(clock);
        slack.PostLimits = FakeSlack.DocumentedPostLimits();
        var channel = slack.AddChannel("triage");
        using var http = new HttpClient();
        for (var i = 0; i < FakeSlack.DocumentedPostBurst; i++)
        {
            (await PostAsync(http, slack, channel)).Dispose();
        }

        var statuses = new List<HttpStatusCode>();
        for (var second = 0; second < 5; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            using var first = await PostAsync(http, slack, channel);
            using var again = await PostAsync(http, slack, channel);
            statuses.AddRange([first.StatusCode, again.StatusCode]);
        }

        Assert.Equal(Enumerable.Range(0, 5).SelectMany(_ => new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }), statuses);
        Assert.Equal(5, slack.RateLimited);
    }

    [Fact]
    public async Task Without_limits_asked_for_the_fake_posts_any_number_at_once()
    {
        await using var slack = await FakeSlack.StartAsync(new TestClock(T0));
        var channel = slack.AddChannel("triage");
        using var http = new HttpClient();

        for (var i = 0; i < 20; i++)
        {
            using var response = await PostAsync(http, slack, channel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(0, slack.RateLimited);
    }

    [Fact]
    public void The_least_time_to_post_is_the_burst_at_once_then_one_a_second()
    {
        var limits = FakeSlack.DocumentedPostLimits();

        Assert.Equal(TimeSpan.Zero, limits.Drain(FakeSlack.DocumentedPostBurst));
        Assert.Equal(TimeSpan.FromSeconds(100 - FakeSlack.DocumentedPostBurst), limits.Drain(100));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, FakeSlack slack, string channel)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(slack.ApiBaseUrl, "chat.postMessage"))
        {
            Content = JsonContent.Create(new JsonObject { ["channel"] = channel, ["text"] = "hello" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FakeSlack.BotToken);
        return http.SendAsync(request);
    }
}
