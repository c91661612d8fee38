using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Teams.Connector;

namespace SupportBot.Teams.Graph;

/// <summary>
/// Microsoft Graph tokens (teams-protocol.md §3.4): the same client-credentials grant as the Connector's,
/// for the scope <c>https://graph.microsoft.com/.default</c>, from the tenant's authority, in a cache of
/// its own. Only <see cref="TeamsGraphClient"/> uses it, and it calls nothing but the Graph base URL.
/// </summary>
public sealed class GraphTokenProvider : IDisposable
{
    public const string Scope = "https://graph.microsoft.com/.default";

    private readonly TeamsTokenProvider? tokens;

    public GraphTokenProvider(IHttpClientFactory clients, IOptions<TeamsOptions> options, TimeProvider time, ILogger<TeamsTokenProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        tokens = TokenEndpointOf(options.Value) is { } endpoint ? new TeamsTokenProvider(clients, options, Scope, endpoint, time, logger) : null;
    }

    /// <summary>The configured endpoint, else the tenant's; none without a tenant (botframework.com issues no Graph tokens).</summary>
    public static Uri? TokenEndpointOf(TeamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Graph.TokenEndpoint ?? (string.IsNullOrWhiteSpace(options.TenantId)
            ? null
            : new Uri($"https://login.microsoftonline.com/{Uri.EscapeDataString(options.TenantId.Trim())}/oauth2/v2.0/token"));
    }

    public Task<string> GetTokenAsync(bool forceRefresh, CancellationToken ct) => tokens is null
        ? throw new ChannelException(ChannelFailure.Permanent, "Graph token: Graph needs SupportBot:Teams:TenantId (the tenant authority)")
        : tokens.GetTokenAsync(forceRefresh, ct);

    public void Dispose() => tokens?.Dispose();
}
