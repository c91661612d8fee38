using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Core.Channels;
using SupportBot.Slack.Api;

namespace SupportBot.Tests.Slack;

public sealed class SlackResponseUrlTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData("http://hooks.slack.com/commands/T1/2/x")]
    [InlineData("https://hooks.slack.com:8443/commands/T1/2/x")]
    [InlineData("https://user:pass@hooks.slack.com/commands/T1/2/x")]
    [InlineData("https://attacker@hooks.slack.com/commands/T1/2/x")]
    [InlineData("https://hooks.slack.com.evil.example/commands/T1/2/x")]
    [InlineData("https://evil.example/hooks.slack.com/commands")]
    [InlineData("https://evil.example\\@hooks.slack.com/x")]
    [InlineData("https://hooks.slack.com./commands/T1/2/x")]
    [InlineData("https://slack.com/api/chat.postMessage")]
    [InlineData("https://hooks.slack-gov.com/commands/T1/2/x")]
    [InlineData("ftp://hooks.slack.com/x")]
    [InlineData("//hooks.slack.com/commands/T1/2/x")]
    [InlineData("/commands/T1/2/x")]
    [InlineData("")]
    public async Task Anything_but_https_hooks_slack_com_is_refused_before_sending(string url)
    {
        var handler = new RecordingHandler();
        await using var rig = await SlackRig.StartAsync(services: s =>
            s.AddHttpClient(SlackApiClient.ResponseUrlClientName).ConfigurePrimaryHttpMessageHandler(() => handler));

        await Assert.ThrowsAsync<ArgumentException>(() => rig.Api.PostToResponseUrlAsync(url, new JsonObject { ["text"] = "hi" }, None));

        Assert.Empty(handler.Requests);
        Assert.False(SlackResponseUrl.IsAllowed(url));
    }

    [Theory]
    [InlineData("https://hooks.slack.com/commands/T1/2/x")]
    [InlineData("https://hooks.slack.com/actions/T1/2/x")]
    [InlineData("https://HOOKS.slack.com/app/T1/2/x")]
    [InlineData("https://hooks.slack.com:443/commands/T1/2/x")]
    public async Task A_hooks_slack_com_url_is_posted_as_json_without_a_token(string url)
    {
        var handler = new RecordingHandler();
        await using var rig = await SlackRig.StartAsync(services: s =>
            s.AddHttpClient(SlackApiClient.ResponseUrlClientName).ConfigurePrimaryHttpMessageHandler(() => handler));

        await rig.Api.PostToResponseUrlAsync(url, new JsonObject { ["text"] = "hi", ["replace_original"] = true }, None);

        var (sent, body) = Assert.Single(handler.Requests);
        Assert.Equal(("hooks.slack.com", HttpMethod.Post), (sent.RequestUri!.Host, sent.Method));
        Assert.Null(sent.Headers.Authorization);
        Assert.Equal("""{"text":"hi","replace_original":true}""", body);
    }

    [Fact]
    public async Task The_test_base_admits_the_fake_and_a_redirect_is_refused_not_followed()
    {
        await using var rig = await SlackRig.StartAsync();
        rig.Api.AllowResponseUrlBaseForTests(rig.Fake.HooksBaseUrl);

        await rig.Api.PostToResponseUrlAsync(new Uri(rig.Fake.HooksBaseUrl, "commands/T1/2/x").AbsoluteUri, new JsonObject { ["text"] = "one" }, None);
        var redirect = await Assert.ThrowsAsync<SlackApiException>(() =>
            rig.Api.PostToResponseUrlAsync(new Uri(rig.Fake.HooksBaseUrl, "redirect/T1/2/x").AbsoluteUri, new JsonObject { ["text"] = "two" }, None));

        Assert.Equal(("redirect_refused", ChannelFailure.Permanent), (redirect.Error, redirect.Failure));
        var (path, body) = Assert.Single(rig.Fake.HookPosts());
        Assert.Equal(("commands/T1/2/x", "one"), (path, body["text"]!.GetValue<string>()));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            rig.Api.PostToResponseUrlAsync(new Uri(rig.Fake.BaseUrl, "api/chat.postMessage").AbsoluteUri, [], None));
    }

    [Fact]
    public async Task Without_the_test_hook_the_fake_is_refused()
    {
        await using var rig = await SlackRig.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            rig.Api.PostToResponseUrlAsync(new Uri(rig.Fake.HooksBaseUrl, "commands/T1/2/x").AbsoluteUri, [], None));

        Assert.Empty(rig.Fake.HookPosts());
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<(HttpRequestMessage Request, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request, await request.Content!.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("ok") };
        }
    }
}
