using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SupportBot.Cards;
using SupportBot.Slack.BlockKit;

namespace SupportBot.Slack.Inbound;

public static class SlackInboundSetup
{
    /// <summary>What answers Slack's requests (HTTP or Socket Mode), when Slack is switched on.</summary>
    public static WebApplicationBuilder AddSlackInbound(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SlackOptions.Section).Get<SlackOptions>() ?? new SlackOptions();
        if (!options.Enabled)
        {
            return builder;
        }
        builder.Services.TryAddSingleton(_ => CardLibrary.Load(CardLibrary.DefaultFolder()));
        builder.Services.AddSingleton<SlackCardTranslator>();
        builder.Services.AddSingleton<ISlackRenderer>(sp => sp.GetRequiredService<SlackCardTranslator>());
        builder.Services.AddSingleton<SlackRequest>();
        builder.Services.AddSingleton<SlackForms>();
        builder.Services.AddSingleton<SlackFollowUps>();
        builder.Services.AddSingleton<SlackEphemeralRest>();
        builder.Services.AddSingleton<SlackReplies>();
        builder.Services.AddSingleton<SlackPeople>();
        builder.Services.AddSingleton<SlackDispatcher>();
        if (options.SocketMode && !string.IsNullOrWhiteSpace(options.AppToken))
        {
            builder.Services.AddHostedService<SlackSocketMode>();
        }
        return builder;
    }
}
