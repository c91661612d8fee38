using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;

namespace SupportBot.Teams.Connector;

/// <summary>
/// Bot Connector tokens by the OAuth 2.0 client-credentials grant (teams-protocol.md §3.1), with the
/// app secret or a certificate assertion, from the tenant's token endpoint (single-tenant), from
/// <c>botframework.com</c> (multi-tenant), or from <see cref="TeamsOptions.TokenEndpoint"/>. One token
/// is cached and served until <see cref="RefreshMargin"/> before it expires; callers that got a 401
/// ask again with <c>forceRefresh</c>.
/// <para>
/// Not MSAL: MSAL 4.x refuses any authority that is not HTTPS ("The authority must use HTTPS
/// scheme"), so it cannot be pointed at the plain-HTTP loopback token endpoint the tests use, and a
/// second, untested MSAL path for production is worse than one small tested POST. The grant is the
/// one MSAL sends for <c>AcquireTokenForClient</c>.
/// </para>
/// The token, the secret and the assertion are never logged; the HttpClient's headers are redacted.
/// </summary>
public sealed partial class TeamsTokenProvider : IDisposable
{
    /// <summary>The named HttpClient for the token endpoint.</summary>
    public const string HttpClientName = "teams-token";

    /// <summary>The only scope a Connector token is asked for (public cloud).</summary>
    public const string Scope = "https://api.botframework.com/.default";

    /// <summary>How long before its expiry a cached token is replaced.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly IHttpClientFactory clients;
    private readonly TeamsOptions options;
    private readonly string scope;
    private readonly TimeProvider time;
    private readonly ILogger<TeamsTokenProvider> logger;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Lazy<X509Certificate2?> certificate;
    private string? token;
    private DateTimeOffset expiresAt;

    public TeamsTokenProvider(IHttpClientFactory clients, IOptions<TeamsOptions> options, TimeProvider time, ILogger<TeamsTokenProvider> logger)
        : this(clients, options, Scope, TokenEndpointOf((options ?? throw new ArgumentNullException(nameof(options))).Value), time, logger)
    {
    }

    /// <summary>The same grant and cache for another resource (Microsoft Graph): a separate instance is a separate cache.</summary>
    public TeamsTokenProvider(IHttpClientFactory clients, IOptions<TeamsOptions> options, string scope, Uri tokenEndpoint, TimeProvider time, ILogger<TeamsTokenProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.clients = clients ?? throw new ArgumentNullException(nameof(clients));
        this.options = options.Value;
        this.scope = scope ?? throw new ArgumentNullException(nameof(scope));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        certificate = new Lazy<X509Certificate2?>(LoadCertificate);
        TokenEndpoint = tokenEndpoint ?? throw new ArgumentNullException(nameof(tokenEndpoint));
    }

    public Uri TokenEndpoint { get; }

    /// <summary>https://login.microsoftonline.com/{TenantId or botframework.com}/oauth2/v2.0/token unless configured.</summary>
    public static Uri TokenEndpointOf(TeamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TokenEndpoint is { } configured)
        {
            return configured;
        }
        // A single-tenant bot must use its tenant: botframework.com tokens are refused with 401 (§3.1).
        var authority = string.IsNullOrWhiteSpace(options.TenantId) ? "botframework.com" : Uri.EscapeDataString(options.TenantId.Trim());
        return new Uri($"https://login.microsoftonline.com/{authority}/oauth2/v2.0/token");
    }

    /// <summary>A Connector token. Failures are <see cref="ChannelException"/>s, like the calls that need the token.</summary>
    public async Task<string> GetTokenAsync(bool forceRefresh, CancellationToken ct)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (!forceRefresh && token is not null && now < expiresAt - RefreshMargin)
            {
                return token;
            }
            (token, expiresAt) = await RequestAsync(now, ct).ConfigureAwait(false);
            LogAcquired(scope, expiresAt);
            return token;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        gate.Dispose();
        if (certificate.IsValueCreated)
        {
            certificate.Value?.Dispose();
        }
    }

    private async Task<(string Token, DateTimeOffset ExpiresAt)> RequestAsync(DateTimeOffset now, CancellationToken ct)
    {
        var appId = options.AppId ?? throw new ChannelException(ChannelFailure.Permanent, "Teams token: no AppId configured");
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = appId,
            ["scope"] = scope,
        };
        if (certificate.Value is { } cert)
        {
            form["client_assertion_type"] = TeamsClientAssertion.AssertionType;
            form["client_assertion"] = TeamsClientAssertion.Create(cert, appId, TokenEndpoint, now);
        }
        else if (!string.IsNullOrEmpty(options.AppPassword))
        {
            form["client_secret"] = options.AppPassword;
        }
        else
        {
            throw new ChannelException(ChannelFailure.Permanent, "Teams token: neither AppPassword nor CertificatePath is configured");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(HttpClientName).SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new ChannelException(ChannelFailure.Transient, "Teams token: timeout", null, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ChannelException(ChannelFailure.Transient, "Teams token: connection failed", null, ex);
        }
        using (response)
        {
            var body = await ReadAsync(response, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                // Entra's error body names the problem (invalid_client, unauthorized_client) without secrets.
                var error = JsonText.Of(body?["error"]) ?? $"http_{(int)response.StatusCode}";
                LogRefused((int)response.StatusCode, error);
                var kind = response.StatusCode switch
                {
                    HttpStatusCode.TooManyRequests => ChannelFailure.RateLimited,
                    >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout => ChannelFailure.Transient,
                    _ => ChannelFailure.Permanent,
                };
                throw new ChannelException(kind, $"Teams token: {(int)response.StatusCode} {error}", response.Headers.RetryAfter?.Delta);
            }
            var accessToken = JsonText.Of(body?["access_token"]);
            if (string.IsNullOrEmpty(accessToken))
            {
                throw new ChannelException(ChannelFailure.Transient, "Teams token: no access_token in the answer");
            }
            var lifetime = body?["expires_in"] is JsonValue v && (v.TryGetValue<long>(out var s) || long.TryParse(JsonText.Of(v), out s)) ? s : 3600;
            return (accessToken, now + TimeSpan.FromSeconds(lifetime));
        }
    }

    private X509Certificate2? LoadCertificate() =>
        string.IsNullOrWhiteSpace(options.CertificatePath)
            ? null
            : X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);

    private static async Task<JsonObject?> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Token for {Scope} acquired; it expires at {ExpiresAt}")]
    private partial void LogAcquired(string scope, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams token endpoint refused the request: {Status} {Error}")]
    private partial void LogRefused(int status, string error);
}
