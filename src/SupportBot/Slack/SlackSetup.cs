using Microsoft.Extensions.DependencyInjection.Extensions;
using SupportBot.Core.Channels;
using SupportBot.People;
using SupportBot.Slack.Api;
using SupportBot.Storage;

namespace SupportBot.Slack;

public static class SlackSetup
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Binds <see cref="SlackOptions"/> and, only when Slack is configured, the Web API client, the
    /// message store and the Slack adapter of <see cref="IChatChannel"/>. The adapter needs an
    /// <see cref="ISlackRenderer"/>, which whoever wires the app registers.
    /// </summary>
    public static WebApplicationBuilder AddSlackApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.Section)
            .Validate(o => o.PostInterval >= TimeSpan.Zero, "SupportBot:Slack:PostInterval must not be negative.")
            .ValidateOnStart();
        var settings = builder.Configuration.GetSection(SlackOptions.Section).Get<SlackOptions>() ?? new SlackOptions();
        if (!settings.Enabled)
        {
            return builder;
        }

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddDatabase();
        services.TryAddSingleton<Outbox.SharedHolds>();
        services.AddHttpClient(SlackApiClient.ApiClientName, (sp, http) =>
            {
                var baseUrl = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SlackOptions>>().Value.ApiBaseUrl;
                // Without the final slash, "chat.postMessage" would replace "api" instead of following it.
                http.BaseAddress = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
                http.Timeout = RequestTimeout;
            })
            .RedactLoggedHeaders(_ => true);
        services.AddHttpClient(SlackApiClient.ResponseUrlClientName, http => http.Timeout = RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .RemoveAllLoggers();
        services.AddPeopleDirectory();
        services.AddSingleton<SlackApiClient>();
        services.AddSingleton<SlackMessageStore>();
        services.AddSingleton<SlackChannel>();
        services.AddSingleton<IChatChannel>(sp => sp.GetRequiredService<SlackChannel>());
        return builder;
    }
}
