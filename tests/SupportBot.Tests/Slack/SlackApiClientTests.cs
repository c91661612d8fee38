using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Core.Channels;
using SupportBot.Slack;
using SupportBot.Slack.Api;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Tests.Slack;

public sealed class SlackApiClientTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task An_ok_answer_comes_back_whole_from_a_json_post_with_the_bot_token()
    {
        await using var rig = await SlackRig.StartAsync();

        var answer = await rig.Api.CallAsync("auth.test", [], None);

        Assert.Equal((FakeSlack.BotUserId, FakeSlack.TeamId), (answer["user_id"]!.GetValue<string>(), answer["team_id"]!.GetValue<string>()));
        var call = Assert.Single(rig.Fake.Calls("auth.test"));
        Assert.Equal("application/json; charset=utf-8", call.ContentType);
        Assert.Null(answer["warning"]);
    }

    [Theory]
    [InlineData("ratelimited", ChannelFailure.RateLimited)]
    [InlineData("rate_limited", ChannelFailure.RateLimited)]
    [InlineData("internal_error", ChannelFailure.Transient)]
    [InlineData("fatal_error", ChannelFailure.Transient)]
    [InlineData("request_timeout", ChannelFailure.Transient)]
    [InlineData("service_unavailable", ChannelFailure.Transient)]
    [InlineData("channel_not_found", ChannelFailure.Permanent)]
    [InlineData("not_in_channel", ChannelFailure.Permanent)]
    [InlineData("is_archived", ChannelFailure.Permanent)]
    [InlineData("invalid_auth", ChannelFailure.Permanent)]
    [InlineData("token_revoked", ChannelFailure.Permanent)]
    [InlineData("missing_scope", ChannelFailure.Permanent)]
    [InlineData("user_not_found", ChannelFailure.Permanent)]
    [InlineData("cannot_dm_bot", ChannelFailure.Permanent)]
    [InlineData("invalid_blocks", ChannelFailure.Permanent)]
    public async Task An_error_answer_is_thrown_with_its_code_and_what_it_means_for_a_retry(string error, ChannelFailure failure)
    {
        await using var rig = await SlackRig.StartAsync();
        rig.Fake.FailNext("chat.update", error: error);

        var thrown = await Assert.ThrowsAsync<SlackApiException>(() => rig.Api.CallAsync("chat.update", new JsonObject { ["channel"] = "C1" }, None));

        Assert.Equal((error, failure, "chat.update"), (thrown.Error, thrown.Failure, thrown.Method));
        Assert.Equal(failure == ChannelFailure.RateLimited ? TimeSpan.FromSeconds(1) : null, thrown.RetryAfter);
        var channel = thrown.ToChannelException();
        Assert.Equal((failure, $"chat.update: {error}"), (channel.Kind, channel.Message));
    }

    [Fact]
    public async Task A_429_is_rate_limited_with_slacks_retry_after()
    {
        await using var rig = await SlackRig.StartAsync();
        rig.Fake.FailNext("conversations.create", status: 429, retryAfter: 2);

        var thrown = await Assert.ThrowsAsync<SlackApiException>(() => rig.Api.CallAsync("conversations.create", new JsonObject { ["name"] = "x" }, None));

        Assert.Equal(("ratelimited", ChannelFailure.RateLimited, TimeSpan.FromSeconds(2)), (thrown.Error, thrown.Failure, thrown.RetryAfter));
        Assert.Equal(TimeSpan.FromSeconds(2), thrown.ToChannelException().RetryAfter);
    }

    [Fact]
    public async Task A_429_without_retry_after_waits_one_second()
    {
        await using var rig = await SlackRig.StartAsync();
        rig.Fake.FailNext("pins.add", status: 429);

        var thrown = await Assert.ThrowsAsync<SlackApiException>(() => rig.Api.CallAsync("pins.add", [], None));

        Assert.Equal((ChannelFailure.RateLimited, TimeSpan.FromSeconds(1)), (thrown.Failure, thrown.RetryAfter));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task A_5xx_is_transient(int status)
    {
        await using var rig = await SlackRig.StartAsync();
        rig.Fake.FailNext("chat.postMessage", status: status);

        var thrown = await Assert.ThrowsAsync<SlackApiException>(() => rig.Api.CallAsync("chat.postMessage", new JsonObject { ["channel"] = "C1" }, None));

        Assert.Equal(($"http_{status}", ChannelFailure.Transient), (thrown.Error, thrown.Failure));
    }

    [Fact]
    public async Task A_refused_connection_is_transient()
    {
        await using var rig = await SlackRig.StartAsync(services: s =>
            s.Configure<SlackOptions>(o => o.ApiBaseUrl = new Uri($"http://127.0.0.1:{ClosedPort()}/api/")));

        var thrown = await Assert.ThrowsAsync<SlackApiException>(() => rig.Api.CallAsync("auth.test", [], None));

        Assert.Equal(("connection_failed", ChannelFailure.Transient), (thrown.Error, thrown.Failure));
    }

    [Fact]
    public async Task A_request_that_times_out_is_transient()
    {
        await using var rig = await SlackRig.StartAsync(services: s =>
            s.AddHttpClient(SlackApiClient.ApiClientName).AddHttpMessageHandler(() => new StallingHandler()).ConfigureHttpClient(c => c.Timeout = TimeSpan.FromMilliseconds(50)));

        var thrown = await Assert.ThrowsAsync<SlackApiException>(() => rig.Api.CallAsync("auth.test", [], None));

        Assert.Equal(("timeout", ChannelFailure.Transient), (thrown.Error, thrown.Failure));
    }

    [Fact]
    public async Task A_wrong_token_is_invalid_auth_and_permanent()
    {
        await using var rig = await SlackRig.StartAsync();

        var thrown = await Assert.ThrowsAsync<SlackApiException>(() => rig.Api.CallAsync("auth.test", [], "xoxb-not-the-token", None));

        Assert.Equal(("invalid_auth", ChannelFailure.Permanent), (thrown.Error, thrown.Failure));
    }

    [Fact]
    public async Task The_socket_mode_url_comes_from_apps_connections_open_with_the_app_token_as_a_form()
    {
        await using var rig = await SlackRig.StartAsync();

        var url = await rig.Api.OpenConnectionAsync(None);

        Assert.Equal(("ws", "/link/"), (url.Scheme, url.AbsolutePath));
        Assert.Contains("ticket=", url.Query, StringComparison.Ordinal);
        Assert.StartsWith("application/x-www-form-urlencoded", Assert.Single(rig.Fake.Calls("apps.connections.open")).ContentType, StringComparison.Ordinal);
        var withBotToken = await Assert.ThrowsAsync<SlackApiException>(() => rig.Api.CallAsync("apps.connections.open", [], None));
        Assert.Equal("not_allowed_token_type", withBotToken.Error);
    }

    [Fact]
    public async Task Slacks_explanation_of_invalid_blocks_is_logged()
    {
        await using var rig = await SlackRig.StartAsync();
        var channel = rig.Fake.AddChannel("triage");
        var blocks = new JsonArray([.. Enumerable.Range(0, 51).Select(i => (JsonNode)new JsonObject { ["type"] = "divider" })]);

        var thrown = await Assert.ThrowsAsync<SlackApiException>(() =>
            rig.Api.CallAsync("chat.postMessage", new JsonObject { ["channel"] = channel, ["text"] = "hi", ["blocks"] = blocks }, None));

        Assert.Equal(("invalid_blocks", ChannelFailure.Permanent), (thrown.Error, thrown.Failure));
        Assert.Contains(rig.Logs.Lines, l => l.Contains("chat.postMessage failed: invalid_blocks: [ERROR] no more than 50 items allowed [json-pointer:/blocks]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_log_line_carries_a_token_a_socket_ticket_or_a_response_url()
    {
        await using var rig = await SlackRig.StartAsync();
        rig.Api.AllowResponseUrlBaseForTests(rig.Fake.HooksBaseUrl);
        var channel = rig.Fake.AddChannel("triage");
        rig.Fake.FailNext("chat.postMessage", status: 429, retryAfter: 2);
        rig.Fake.FailNext("auth.test", status: 500);

        await Assert.ThrowsAsync<SlackApiException>(() => rig.Api.CallAsync("chat.postMessage", new JsonObject { ["channel"] = channel, ["text"] = "a" }, None));
        ((AdvancingClock)rig.Clock).Advance(TimeSpan.FromSeconds(2)); // The 429 holds chat.postMessage until its Retry-After ends.
        await rig.Api.CallAsync("chat.postMessage", new JsonObject { ["channel"] = channel, ["text"] = "b" }, None);
        await Assert.ThrowsAsync<SlackApiException>(() => rig.Api.CallAsync("auth.test", [], None));
        await Assert.ThrowsAsync<SlackApiException>(() => rig.Api.CallAsync("chat.update", new JsonObject { ["channel"] = "C-NONE" }, None));
        var socketUrl = await rig.Api.OpenConnectionAsync(None);
        var hook = new Uri(rig.Fake.HooksBaseUrl, "commands/T0001/1234/secret-hook-token");
        await rig.Api.PostToResponseUrlAsync(hook.AbsoluteUri, new JsonObject { ["text"] = "done" }, None);

        var logs = rig.AllLogs;
        Assert.Contains("Authorization: *", logs, StringComparison.Ordinal); // HttpClient logged the headers, redacted
        Assert.DoesNotContain(FakeSlack.BotToken, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeSlack.AppToken, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("xoxb-", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(socketUrl.Query.TrimStart('?').Split('&')[0], logs, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-hook-token", logs, StringComparison.Ordinal);
        Assert.Single(rig.Fake.HookPosts());
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Never answers; only the client's timeout ends the request.</summary>
    private sealed class StallingHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
