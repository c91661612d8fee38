using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Slack;
using SupportBot.Slack.Api;

namespace SupportBot.Tests.Slack;

public sealed class SlackSetupTests
{
    [Fact]
    public async Task Without_tokens_only_the_settings_are_registered()
    {
        await using var app = Build(new() { ["SupportBot:Slack:BotToken"] = "xoxb-only" });

        Assert.Null(app.Services.GetService<SlackApiClient>());
        Assert.Empty(app.Services.GetServices<IChatChannel>());
        Assert.Equal("xoxb-only", app.Services.GetRequiredService<IOptions<SlackOptions>>().Value.BotToken);
    }

    [Fact]
    public async Task With_a_bot_token_and_an_app_token_the_slack_adapter_is_a_chat_channel()
    {
        await using var rig = await SlackRig.StartAsync();

        var channel = Assert.Single(rig.Services.GetServices<IChatChannel>());
        Assert.Equal(ChannelKind.Slack, channel.Kind);
        Assert.Same(rig.Channel, channel);
    }

    [Fact]
    public async Task An_api_base_url_without_a_final_slash_still_reaches_the_methods()
    {
        await using var rig = await SlackRig.StartAsync(services: s =>
            s.PostConfigure<SlackOptions>(o => o.ApiBaseUrl = new Uri(o.ApiBaseUrl.AbsoluteUri.TrimEnd('/'))));

        await rig.Api.CallAsync("auth.test", [], CancellationToken.None);

        Assert.Single(rig.Fake.Calls("auth.test"));
    }

    private static WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSlackApi();
        return builder.Build();
    }
}
