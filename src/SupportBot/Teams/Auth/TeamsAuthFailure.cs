namespace SupportBot.Teams.Auth;

/// <summary>Why an inbound Teams request was not authenticated. For logs only: never echo it to the caller.</summary>
public enum TeamsAuthFailure
{
    /// <summary>No app ID is configured, so there is no audience to check tokens against.</summary>
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

    /// <summary>Any other validation failure (no expiry, bad claims …).</summary>
    Invalid,
}
