using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Tests.Teams;

/// <summary>The fake Connector's limits, on request: Teams' per-thread windows and per-app rate, and its 429.</summary>
public sealed class FakeConnectorLimitTests
{
    private const string Channel = "19:busy@thread.tacv2";

    [Fact]
    public async Task An_eighth_send_to_one_thread_within_a_second_gets_429_with_a_retry_after()
    {
        await using var rig = await TeamsRig.StartAsync();
        rig.Fake.Limits = FakeConnector.DocumentedLimits();
        rig.Fake.AddConversation(Channel);
        using var http = await ClientAsync(rig);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await SendAsync(http, rig, Channel);
            statuses.Add(response.StatusCode);
            if (i == 7)
            {
                Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
                var body = await response.Content.ReadFromJsonAsync<JsonObject>();
                Assert.Equal("Throttled", body!["error"]!["code"]!.GetValue<string>());
            }
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Created, 7), HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(1, rig.Fake.RateLimited);
        Assert.Equal(7, rig.Fake.Activities(Channel).Count);
    }

    [Fact]
    public async Task A_reply_chain_counts_against_its_channel_and_other_threads_are_not_held()
    {
        await using var rig = await TeamsRig.StartAsync();
        rig.Fake.Limits = FakeConnector.DocumentedLimits();
        rig.Fake.AddConversation(Channel);
        rig.Fake.AddConversation(Channel + ";messageid=1");
        using var http = await ClientAsync(rig);
        for (var i = 0; i < 7; i++)
        {
            (await SendAsync(http, rig, Channel)).Dispose();
        }

        using var chain = await SendAsync(http, rig, Channel + ";messageid=1");
        using var other = await SendAsync(http, rig, TeamsRig.Triage);

        Assert.Equal(HttpStatusCode.TooManyRequests, chain.StatusCode);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }

    [Fact]
    public async Task The_eighth_in_two_seconds_waits_for_the_two_second_window_not_only_the_one_second_one()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await using var rig = await TeamsRig.StartAsync(clock);
        rig.Fake.Limits = FakeConnector.DocumentedLimits();
        rig.Fake.AddConversation(Channel);
        using var http = await ClientAsync(rig);
        for (var i = 0; i < 7; i++)
        {
            (await SendAsync(http, rig, Channel)).Dispose();
        }
        clock.Advance(TimeSpan.FromSeconds(1));
        using var eighth = await SendAsync(http, rig, Channel);

        using var ninth = await SendAsync(http, rig, Channel);
        clock.Advance(TimeSpan.FromSeconds(1));
        using var afterTwoSeconds = await SendAsync(http, rig, Channel);

        Assert.Equal(HttpStatusCode.Created, eighth.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, ninth.StatusCode);
        Assert.Equal(HttpStatusCode.Created, afterTwoSeconds.StatusCode);
    }

    [Fact]
    public async Task The_fifty_first_call_of_the_app_within_a_second_gets_429_whatever_its_thread()
    {
        await using var rig = await TeamsRig.StartAsync();
        rig.Fake.Limits = FakeConnector.DocumentedLimits();
        using var http = await ClientAsync(rig);
        var threads = Enumerable.Range(0, 51).Select(i => $"19:c{i}@thread.tacv2").ToList();
        threads.ForEach(rig.Fake.AddConversation);

        var statuses = new List<HttpStatusCode>();
        foreach (var thread in threads)
        {
            using var response = await SendAsync(http, rig, thread);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Created, 50), HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Without_limits_asked_for_the_fake_takes_any_number_at_once()
    {
        await using var rig = await TeamsRig.StartAsync();
        rig.Fake.AddConversation(Channel);
        using var http = await ClientAsync(rig);

        for (var i = 0; i < 20; i++)
        {
            using var response = await SendAsync(http, rig, Channel);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        Assert.Equal(0, rig.Fake.RateLimited);
    }

    [Fact]
    public void The_least_time_for_a_burst_is_bound_by_the_slower_of_the_thread_windows_and_the_app_rate()
    {
        var limits = FakeConnector.DocumentedLimits();

        // 7 at once, the 8th when the 1 s window lets it, the 9th when the 2 s window does.
        Assert.Equal(TimeSpan.FromSeconds(2), limits.PerThread.Drain(9));
        // 60 in 30 s: the 61st waits for the first to leave the 30 s window.
        Assert.Equal(TimeSpan.FromSeconds(30), limits.PerThread.Drain(61));
        // 2,000 sends at 50 a second: the last goes at 39 s, later than any one thread of 20 needs.
        Assert.Equal(TimeSpan.FromSeconds(39), limits.Drain(perThread: 20, threads: 100));
    }

    private static async Task<HttpClient> ClientAsync(TeamsRig rig)
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await rig.Tokens.GetTokenAsync(false, CancellationToken.None));
        return http;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, TeamsRig rig, string conversation) =>
        http.PostAsync(new Uri(rig.Fake.BaseUrl, $"v3/conversations/{Uri.EscapeDataString(conversation)}/activities"),
            JsonContent.Create(new JsonObject { ["type"] = "message", ["text"] = "hello" }));
}
