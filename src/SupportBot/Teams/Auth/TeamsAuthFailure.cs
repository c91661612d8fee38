namespace SupportBot.Teams.Auth;

/// <summary>Why an inbound Teams request was not authenticated. For logs only: never echo it to the caller.</summary>
public enum TeamsAuthFailure
{
    /// <summary>No app ID is configured, so there is no audience to check a token against.</summary>
    NotConfigured,
    MissingToken,

    /// <summary>The header is not exactly <c>Bearer &lt;token&gt;</c>.</summary>
    NotBearer,
    MalformedToken,

    /// <summary>Anything but RS256: <c>none</c>, <c>HS256</c> (the public-key-as-secret trick) and the rest.</summary>
    DisallowedAlgorithm,
    UnknownIssuer,
    WrongAudience,
    Expired,
    NotYetValid,

    /// <summary>The token's <c>kid</c> is not in the JWKS, even after a refresh.</summary>
    UnknownKey,
    InvalidSignature,

    /// <summary>The OpenID metadata or the JWKS could not be fetched and no earlier copy is cached.</summary>
    KeysUnavailable,

    /// <summary>The signing key's <c>endorsements</c> do not include the activity's <c>channelId</c>.</summary>
    NotEndorsed,
    MissingServiceUrl,
    ServiceUrlMismatch,

    /// <summary>An Entra token's <c>ver</c> is missing or neither 1.0 nor 2.0, so its caller claim is unknown.</summary>
    UnsupportedVersion,

    /// <summary>An Entra token's caller (<c>appid</c> v1.0, <c>azp</c> v2.0) is neither this bot nor an allowed app.</summary>
    CallerNotAllowed,

    /// <summary>An Entra token's <c>tid</c> names another tenant than its issuer.</summary>
    TenantMismatch,

    /// <summary>An anonymous request (no app ID configured) that did not come from this machine, or came through a proxy.</summary>
    NotLoopback,

    /// <summary>An anonymous activity whose serviceUrl is not on this machine, where replies would go without a token.</summary>
    ServiceUrlNotLoopback,

    /// <summary>Any other validation failure (no expiry, bad claims …).</summary>
    Invalid,
}
