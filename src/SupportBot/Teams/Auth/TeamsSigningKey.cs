using Microsoft.IdentityModel.Tokens;

namespace SupportBot.Teams.Auth;

/// <summary>One key of the Bot Framework JWKS with the channels it is endorsed for.</summary>
internal sealed record TeamsSigningKey(RsaSecurityKey Key, IReadOnlySet<string> Endorsements)
{
    public string KeyId => Key.KeyId;
}
