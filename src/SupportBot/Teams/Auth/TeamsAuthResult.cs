namespace SupportBot.Teams.Auth;

/// <summary>
/// The outcome of <see cref="TeamsTokenValidator.ValidateAsync"/>: either authenticated (with the
/// claims a caller needs for its own checks) or a <see cref="Failure"/> with a detail for the logs.
/// </summary>
public sealed record TeamsAuthResult
{
    private TeamsAuthResult()
    {
    }

    public bool Succeeded => Failure is null;

    public TeamsAuthFailure? Failure { get; private init; }

    /// <summary>A sentence for the logs (never the token itself).</summary>
    public string? Detail { get; private init; }

    /// <summary>Which of the three paths authenticated the request.</summary>
    public TeamsAuthPath? Path { get; private init; }

    /// <summary>The token's <c>iss</c>; none for an anonymous request.</summary>
    public string? Issuer { get; private init; }

    /// <summary>
    /// The token's <c>tid</c> claim when present. Bot Connector tokens usually carry none, so the
    /// tenant allow-list is applied by the caller to <c>channelData.tenant.id</c> of the authenticated activity.
    /// </summary>
    public string? TenantId { get; private init; }

    /// <summary>
    /// The token's <c>serviceurl</c> claim, already checked against the activity's serviceUrl (none on
    /// an Entra token without the claim); for an anonymous request, the loopback serviceUrl it named.
    /// </summary>
    public string? ServiceUrl { get; private init; }

    public static TeamsAuthResult Success(TeamsAuthPath path, string? issuer, string? tenantId, string? serviceUrl) =>
        new() { Path = path, Issuer = issuer, TenantId = tenantId, ServiceUrl = serviceUrl };

    public static TeamsAuthResult Fail(TeamsAuthFailure failure, string detail) =>
        new() { Failure = failure, Detail = detail };

    public override string ToString() => Succeeded ? $"authenticated by {Path} ({Issuer ?? "no token"})" : $"{Failure}: {Detail}";
}
