using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SupportBot.Teams.Auth;

/// <summary>
/// Authenticates the <c>Authorization</c> header of an inbound Bot Connector request and binds it to
/// the activity (its <c>channelId</c> and <c>serviceUrl</c>), following "Authentication with the Bot
/// Connector API" (https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication,
/// shared/reference/teams-protocol.md §2.2). Never throws for bad input: every refusal is a
/// <see cref="TeamsAuthResult"/> with a <see cref="TeamsAuthFailure"/>.
/// </summary>
public sealed class TeamsTokenValidator
{
    public const string BotConnectorIssuer = "https://api.botframework.com";

    /// <summary>The platform's clock skew for <c>nbf</c> and <c>exp</c>.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    // The metadata advertises RS256 only; the SDK also allows RS384/RS512, which Teams does not use.
    private const string AllowedAlgorithm = SecurityAlgorithms.RsaSha256;

    // Raw claim names ("serviceurl", "tid"), not the WS-Federation URIs they would be mapped to.
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };
    private readonly TeamsOptions settings;
    private readonly TimeProvider time;
    private readonly TeamsSigningKeys keys;
    private readonly HashSet<string> issuers;

    public TeamsTokenValidator(HttpClient metadataClient, IOptions<TeamsOptions> options, TimeProvider time, ILogger<TeamsTokenValidator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(metadataClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        settings = options.Value;
        this.time = time;
        keys = new TeamsSigningKeys(metadataClient, settings.OpenIdMetadataUrl, time, logger ?? (ILogger)NullLogger.Instance);
        issuers = new HashSet<string>(StringComparer.Ordinal) { BotConnectorIssuer };
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

        if (!issuers.Contains(token.Issuer))
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.UnknownIssuer, $"Issuer '{token.Issuer}' is not accepted.");
        }

        if (string.IsNullOrEmpty(token.Kid))
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.UnknownKey, "The token names no signing key (kid).");
        }

        var lookup = await keys.FindAsync(token.Kid, ct);
        if (!lookup.Available)
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.KeysUnavailable, "The signing keys could not be fetched.");
        }

        if (lookup.Key is not { } key)
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.UnknownKey, $"Key '{token.Kid}' is not in the JWKS.");
        }

        var validation = await handler.ValidateTokenAsync(raw, Parameters(key));
        if (!validation.IsValid)
        {
            return Refusal(validation.Exception);
        }

        if (CheckLifetime(token) is { } lifetimeRefusal)
        {
            return lifetimeRefusal;
        }

        // Endorsement and serviceurl bind the token to this activity (§2.2 steps 7–8).
        if (string.IsNullOrEmpty(channelId) || !key.Endorsements.Contains(channelId))
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.NotEndorsed, $"Key '{key.KeyId}' is not endorsed for channel '{channelId}'.");
        }

        if (!token.TryGetPayloadValue<string>("serviceurl", out var claimedServiceUrl) || string.IsNullOrEmpty(claimedServiceUrl))
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.MissingServiceUrl, "The token has no serviceurl claim.");
        }

        if (!TeamsServiceUrl.AreSame(claimedServiceUrl, serviceUrl))
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.ServiceUrlMismatch, "The activity's serviceUrl differs from the token's serviceurl claim.");
        }

        token.TryGetPayloadValue<string>("tid", out var tenantId);
        return TeamsAuthResult.Success(token.Issuer, tenantId, claimedServiceUrl);
    }

    /// <summary>
    /// Path C of the protocol: with no app ID configured a request carrying no Authorization header
    /// may be accepted, and only from loopback (the local Emulator). A request that does carry a
    /// header is never anonymous. The endpoint decides whether to call this at all (Development only).
    /// </summary>
    public bool AllowsAnonymous(string? authorizationHeader, IPAddress? remoteAddress) =>
        IsAnonymousAllowed(settings, authorizationHeader, remoteAddress);

    public static bool IsAnonymousAllowed(TeamsOptions settings, string? authorizationHeader, IPAddress? remoteAddress)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Enabled || !string.IsNullOrEmpty(authorizationHeader) || remoteAddress is null)
        {
            return false;
        }

        var address = remoteAddress.IsIPv4MappedToIPv6 ? remoteAddress.MapToIPv4() : remoteAddress;
        return IPAddress.IsLoopback(address);
    }

    private TokenValidationParameters Parameters(TeamsSigningKey key) => new()
    {
        ValidIssuers = issuers,
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
}
