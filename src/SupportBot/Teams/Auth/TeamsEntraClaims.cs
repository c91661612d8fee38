using Microsoft.IdentityModel.JsonWebTokens;

namespace SupportBot.Teams.Auth;

/// <summary>
/// Path B after the signature, issuer, audience and lifetime hold (teams-protocol.md §2.3, the SDK's
/// <c>EmulatorValidation</c>): <c>ver</c> says where the caller app is (<c>appid</c> in 1.0,
/// <c>azp</c> in 2.0), the caller must be this bot or an allowed app, and <c>tid</c>, when present,
/// must be the issuer's tenant.
/// <para>
/// No endorsement check: endorsements are the Bot Connector's extension of its own JWKS, and Entra's
/// keys carry none, so the check could only fail. The token is tied to a trusted app by its caller
/// claim instead, and replies still go only to allowed service URLs. The <c>serviceurl</c> claim is
/// checked only when present: Entra and the Emulator do not issue it.
/// </para>
/// </summary>
internal static class TeamsEntraClaims
{
    public static TeamsAuthResult Check(JsonWebToken token, string issuerTenant, IReadOnlySet<string> allowedCallers, string serviceUrl)
    {
        var callerClaim = !token.TryGetPayloadValue<string>("ver", out var version) ? null
            : version switch { "1.0" => "appid", "2.0" => "azp", _ => null };
        if (callerClaim is null)
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.UnsupportedVersion, $"The Entra token's version '{version}' is not 1.0 or 2.0.");
        }

        if (!token.TryGetPayloadValue<string>(callerClaim, out var caller) || string.IsNullOrEmpty(caller) || !allowedCallers.Contains(caller))
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.CallerNotAllowed, $"The token's {callerClaim} '{caller}' is not an allowed caller.");
        }

        string? tenantId = null;
        if (token.TryGetClaim("tid", out _)
            && (!token.TryGetPayloadValue("tid", out tenantId) || !string.Equals(tenantId, issuerTenant, StringComparison.OrdinalIgnoreCase)))
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.TenantMismatch, $"The token's tid '{tenantId}' is not its issuer's tenant.");
        }

        string? claimedServiceUrl = null;
        if (token.TryGetClaim("serviceurl", out _)
            && (!token.TryGetPayloadValue("serviceurl", out claimedServiceUrl) || !TeamsServiceUrl.AreSame(claimedServiceUrl, serviceUrl)))
        {
            return TeamsAuthResult.Fail(TeamsAuthFailure.ServiceUrlMismatch, "The activity's serviceUrl differs from the token's serviceurl claim.");
        }

        return TeamsAuthResult.Success(TeamsAuthPath.Entra, token.Issuer, tenantId ?? issuerTenant, claimedServiceUrl);
    }
}
