using Microsoft.IdentityModel.JsonWebTokens;

namespace SupportBot.Teams.Auth;

/// <summary>
/// Path A after the signature, issuer, audience and lifetime hold (teams-protocol.md §2.2 steps 7–8):
/// the token is bound to this activity by its key's endorsement of the channel and its
/// <c>serviceurl</c> claim, so a captured token cannot carry a body for another channel or host.
/// </summary>
internal static class TeamsBotConnectorClaims
{
    public static TeamsAuthResult Check(JsonWebToken token, TeamsSigningKey key, string channelId, string serviceUrl)
    {
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
        return TeamsAuthResult.Success(TeamsAuthPath.BotConnector, token.Issuer, tenantId, claimedServiceUrl);
    }
}
