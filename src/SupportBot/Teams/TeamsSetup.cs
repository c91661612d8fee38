using Microsoft.Extensions.DependencyInjection.Extensions;
using SupportBot.Cards;
using SupportBot.Core.Channels;
using SupportBot.Outbox;
using SupportBot.People;
using SupportBot.Storage;
using SupportBot.Teams.Auth;
using SupportBot.Teams.Connector;
using SupportBot.Teams.Graph;
using SupportBot.Teams.Memory;

namespace SupportBot.Teams;

public static class TeamsSetup
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Binds <see cref="TeamsOptions"/> and registers the token provider, the Connector and Graph
    /// clients, the team memory, the bridges and the Teams adapter of <see cref="IChatChannel"/>, plus
    /// the card library if nobody registered it yet. Without an AppId they serve the anonymous loopback
    /// Emulator only (no token, loopback service URLs; Teams is then not one of the desk's platforms, see
    /// <c>EngineSetup.DeskFor</c>). No HttpClient follows redirects (the bearer token must not travel on)
    /// and each redacts every header from its logs.
    /// </summary>
    public static WebApplicationBuilder AddTeamsConnector(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TeamsOptions>().BindConfiguration(TeamsOptions.Section);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => CardLibrary.Load(CardLibrary.DefaultFolder()));
        foreach (var name in new[] { TeamsTokenProvider.HttpClientName, TeamsConnectorClient.HttpClientName, TeamsGraphClient.HttpClientName })
        {
            services.AddHttpClient(name, http => http.Timeout = RequestTimeout)
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
                .RedactLoggedHeaders(_ => true);
        }
        services.AddPeopleDirectory();
        services.AddSingleton<TeamsTokenProvider>();
        services.AddSingleton<TeamsConnectorClient>();
        // Team memory and bridges keep their state in the store and tell triage through the outbox.
        services.AddDatabase();
        services.TryAddSingleton<Outbox.SharedHolds>();
        services.TryAddSingleton<OutboxStore>();
        services.TryAddSingleton<OutboxSignal>();
        services.AddSingleton<GraphTokenProvider>();
        services.AddSingleton<TeamsGraphClient>();
        services.AddSingleton<TeamMemoryStore>();
        services.AddSingleton<TeamMemory>();
        services.AddSingleton<TeamsBridges>();
        services.AddSingleton<TeamsChannel>();
        services.AddSingleton<IChatChannel>(sp => sp.GetRequiredService<TeamsChannel>());
        services.AddSingleton<Inbound.TeamsPeople>();
        services.AddTeamsAuth();
        return builder;
    }
}
