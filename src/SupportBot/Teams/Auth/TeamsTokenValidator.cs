using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SupportBot.Teams.Auth;

/// <summary>
/// Authenticates an inbound request to the messaging endpoint and binds it to the activity (its
/// <c>channelId</c> and <c>serviceUrl</c>), following "Authentication with the Bot Connector API"
/// (https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication,
/// shared/reference/teams-protocol.md §2). The token's unverified <c>iss</c> only picks the path —
/// A, Bot Connector tokens, or B, Entra tokens of the configured tenant — and an unknown issuer is
/// refused before any key is fetched; each path has its own metadata and key cache. Without an app
/// ID only path C, the anonymous loopback Emulator, is open. Never throws for bad input: every
/// refusal is a <see cref="TeamsAuthResult"/> with a <see cref="TeamsAuthFailure"/>.
/// </summary>
public sealed partial class TeamsTokenValidator
{
    public const string BotConnectorIssuer = "https://api.botframework.com";

    /// <summary>The platform's clock skew for <c>nbf</c> and <c>exp</c>.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    // Both metadata documents advertise RS256 only; the SDK also allows RS384/RS512, which Teams does not use.
    private const string AllowedAlgorithm = SecurityAlgorithms.RsaSha256;

    // Raw claim names ("serviceurl", "tid", "appid"), not the WS-Federation URIs they would be mapped to.
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };
    private readonly TeamsOptions settings;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly TeamsSigningKeys botConnectorKeys;
    private readonly TeamsSigningKeys entraKeys;
    private readonly TeamsEntraIssuers entraIssuers;
    private readonly HashSet<string> allowedCallers;

    public TeamsTokenValidator(HttpClient metadataClient, IOptions<TeamsOptions> options, TimeProvider time, ILogger<TeamsTokenValidator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(metadataClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        settings = options.Value;
        this.time = time;
        this.logger = logger ?? (ILogger)NullLogger.Instance;
        botConnectorKeys = new TeamsSigningKeys(metadataClient, settings.OpenIdMetadataUrl, time, this.logger);
        entraKeys = new TeamsSigningKeys(metadataClient, TeamsEntraIssuers.MetadataUrlOf(settings), time, this.logger);
        entraIssuers = new TeamsEntraIssuers(settings);
        // App ids are GUIDs: letter case carries no meaning.
        allowedCallers = new HashSet<string>(
            settings.AllowedCallerAppIds.Append(settings.AppId).Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id!.Trim()),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The request to <c>/api/messages</c> whose activity names <paramref name="channelId"/> and
    /// <paramref name="serviceUrl"/> (from the not yet trusted body): a token checked on path A or B
    /// when an app ID is configured, else the anonymous loopback rules of path C. The path taken is logged.
    /// </summary>
    public async Task<TeamsAuthResult> AuthenticateAsync(HttpRequest request, string channelId, string serviceUrl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization;
        var result = !settings.Enabled ? TeamsAnonymousAccess.Check(settings, request, serviceUrl)
            : authorization.Count > 1 ? TeamsAuthResult.Fail(TeamsAuthFailure.NotBearer, "More than one Authorization header.")
            : await ValidateAsync(authorization.ToString(), channelId, serviceUrl, ct);
        if (result.Succeeded)
        {
            LogAuthenticated(logger, result.Path, result.Issuer ?? "no token");
        }

        return result;
    }

    /// <summary>
    /// Checks <paramref name="authorizationHeader"/> for the activity whose <paramref name="channelId"/>
    /// and <paramref name="serviceUrl"/> come from the (not yet trusted) request body. On success the
    /// caller still applies its tenant allow-list and service-URL allow-list to the activity.
    /// </summary>
    public async Task<TeamsAuthResult> ValidateAsync(string? authorizationHeader, string channelId, string serviceUrl, CancellationToken ct)
    {
        if (!settings.Enabled)
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.NotConfigured, "No app ID is configured.");
        }

        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.MissingToken, "No Authorization header.");
        }

        // The SDK's rule: exactly two parts, scheme exactly "Bearer".
        var parts = authorizationHeader.Split(' ');
        if (parts.Length != 2 || parts[0] != "Bearer" || parts[1].Length == 0)
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.NotBearer, "The Authorization header is not 'Bearer <token>'.");
        }

        var raw = parts[1];
        JsonWebToken token;
        try
        {
            // Decodes without verifying: the header and payload only choose what to verify against.
            token = handler.ReadJsonWebToken(raw);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenMalformedException)
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.MalformedToken, "The bearer token is not a JWT.");
        }

        if (token.IsEncrypted)
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.MalformedToken, "The bearer token is encrypted (JWE).");
        }

        // Decided from the header before any key is looked up: "none", HS256 (even "signed" with the
        // public key) and everything else never reach signature validation.
        if (token.Alg != AllowedAlgorithm)
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.DisallowedAlgorithm, $"Algorithm '{token.Alg}' is not allowed.");
        }

        var entraTenant = token.Issuer == BotConnectorIssuer ? null : entraIssuers.TenantOf(token.Issuer);
        if (token.Issuer != BotConnectorIssuer && entraTenant is null)
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.UnknownIssuer, $"Issuer '{token.Issuer}' is not accepted.");
        }

        if (string.IsNullOrEmpty(token.Kid))
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.UnknownKey, "The token names no signing key (kid).");
        }

        var lookup = await (entraTenant is null ? botConnectorKeys : entraKeys).FindAsync(token.Kid, ct);
        if (!lookup.Available)
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.KeysUnavailable, "The signing keys could not be fetched.");
        }

        if (lookup.Key is not { } key)
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.UnknownKey, $"Key '{token.Kid}' is not in the JWKS.");
        }

        var validation = await handler.ValidateTokenAsync(raw, Parameters(key, token.Issuer));
        if (!validation.IsValid)
        {
            return Refusal(validation.Exception);
        }

        if (CheckLifetime(token) is { } lifetimeRefusal)
        {
            return lifetimeRefusal;
        }

        return entraTenant is null
            ? TeamsBotConnectorClaims.Check(token, key, channelId, serviceUrl)
            : TeamsEntraClaims.Check(token, entraTenant, allowedCallers, serviceUrl);
    }

    private TokenValidationParameters Parameters(TeamsSigningKey key, string issuer) => new()
    {
        ValidIssuer = issuer,
        ValidAudience = settings.AppId,
        ValidateIssuer = true,
        ValidateAudience = true,
        // TokenValidationParameters.TimeProvider is internal in Microsoft.IdentityModel 8.16, and the
        // handler would read the machine clock, so the lifetime is checked in CheckLifetime instead.
        ValidateLifetime = false,
        RequireSignedTokens = true,
        ValidAlgorithms = [AllowedAlgorithm],
        IssuerSigningKey = key.Key,
        TryAllIssuerSigningKeys = false,
        ValidateIssuerSigningKey = true,
    };

    /// <summary><c>nbf</c> ≤ now + skew and <c>exp</c> &gt; now − skew, on the injected clock; <c>exp</c> is required.</summary>
    private TeamsAuthResult? CheckLifetime(JsonWebToken token)
    {
        if (!token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out _))
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.Invalid, "The token has no expiry.");
        }

        var now = time.GetUtcNow();
        if (new DateTimeOffset(token.ValidTo, TimeSpan.Zero) <= now - ClockSkew)
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.Expired, "The token has expired.");
        }

        if (token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Nbf, out _)
            && new DateTimeOffset(token.ValidFrom, TimeSpan.Zero) > now + ClockSkew)
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.NotYetValid, "The token is not valid yet.");
        }

        return null;
    }

    private static TeamsAuthResult Refusal(Exception? e) => e switch
    {
        SecurityTokenExpiredException => TeamsAuthResult.Fail(TeamsAuthFailure.Expired, "The token has expired."),
        SecurityTokenNotYetValidException => TeamsAuthResult.Fail(TeamsAuthFailure.NotYetValid, "The token is not valid yet."),
        SecurityTokenInvalidAudienceException => TeamsAuthResult.Fail(TeamsAuthFailure.WrongAudience, "The token is for another app."),
        SecurityTokenInvalidIssuerException => TeamsAuthResult.Fail(TeamsAuthFailure.UnknownIssuer, "The token's issuer is not accepted."),
        SecurityTokenInvalidAlgorithmException => TeamsAuthResult.Fail(TeamsAuthFailure.DisallowedAlgorithm, "The token's algorithm is not allowed."),
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException =>
            TeamsAuthResult.Fail(TeamsAuthFailure.InvalidSignature, "The token's signature does not verify."),
        _ => TeamsAuthResult.Fail(TeamsAuthFailure.Invalid, e?.GetType().Name ?? "The token is not valid."),
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Teams request authenticated by {Path} ({Issuer})")]
    private static partial void LogAuthenticated(ILogger logger, TeamsAuthPath? path, string issuer);
}
