using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SupportBot.Teams.Auth;

public static class TeamsAuthSetup
{
    /// <summary>The named HttpClient used for the OpenID metadata and JWKS.</summary>
    public const string MetadataClientName = "teams-auth-metadata";

    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Registers <see cref="TeamsTokenValidator"/> as a singleton. <see cref="TeamsOptions"/> is bound
    /// by whoever wires Teams; <paramref name="configureMetadataClient"/> lets tests trust a loopback
    /// identity provider's certificate (product code fetches keys over HTTPS only).
    /// </summary>
    public static IServiceCollection AddTeamsAuth(this IServiceCollection services, Action<IHttpClientBuilder>? configureMetadataClient = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TeamsOptions>();
        services.TryAddSingleton(TimeProvider.System);
        var client = services.AddHttpClient(MetadataClientName, http =>
            {
                http.Timeout = MetadataTimeout;
                http.MaxResponseContentBufferSize = 1024 * 1024;
            })
            // Keys come only from the configured URLs; a redirect must not choose another host.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(15) })
            // The validator is a singleton holding one client, so its handler must not be recycled under it.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        configureMetadataClient?.Invoke(client);
        services.TryAddSingleton(sp => new TeamsTokenValidator(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(MetadataClientName),
            sp.GetRequiredService<IOptions<TeamsOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TeamsTokenValidator>>()));
        return services;
    }
}
