using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace SupportBot.Teams.Connector;

/// <summary>
/// The signed JWT that stands in for a client secret when the app authenticates with a certificate
/// (Entra "certificate credentials": RS256, <c>x5t</c> = the certificate's SHA-1 thumbprint,
/// <c>aud</c> = the token endpoint, <c>iss</c> = <c>sub</c> = the app id, a fresh <c>jti</c>, ten minutes of life).
/// </summary>
public static class TeamsClientAssertion
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public static string Create(X509Certificate2 certificate, string appId, Uri tokenEndpoint, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(tokenEndpoint);
        using var key = certificate.GetRSAPrivateKey()
            ?? throw new InvalidOperationException("The Teams certificate has no RSA private key.");
        var header = new JsonObject
        {
            ["alg"] = "RS256",
            ["typ"] = "JWT",
            ["x5t"] = Base64Url(certificate.GetCertHash(HashAlgorithmName.SHA1)),
        };
        var payload = new JsonObject
        {
            ["aud"] = tokenEndpoint.AbsoluteUri,
            ["iss"] = appId,
            ["sub"] = appId,
            ["jti"] = Guid.NewGuid().ToString(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + Lifetime).ToUnixTimeSeconds(),
        };
        var signed = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signed + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
