using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SupportBot.Tests.Teams.Fakes;

/// <summary>Compact JWS for the fake identity providers, forged ones included.</summary>
public static class FakeJws
{
    /// <summary>
    /// Signs by the header's <c>alg</c>: <c>RS256</c> with <paramref name="key"/>; <c>HS256</c> with
    /// that key's public key (SubjectPublicKeyInfo PEM) as the HMAC secret, the classic confusion
    /// attack; <c>none</c> with an empty signature.
    /// </summary>
    public static string Create(IReadOnlyDictionary<string, object> header, IReadOnlyDictionary<string, object> payload, RSA key)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(key);
        var signingInput = Encode(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Encode(JsonSerializer.SerializeToUtf8Bytes(payload));
        var data = Encoding.ASCII.GetBytes(signingInput);
        var alg = header["alg"] as string;
        var signature = alg switch
        {
            "RS256" => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            "HS256" => HMACSHA256.HashData(Encoding.ASCII.GetBytes(key.ExportSubjectPublicKeyInfoPem()), data),
            "none" => [],
            _ => throw new ArgumentOutOfRangeException(nameof(header), alg, "The fakes mint RS256, HS256 and none."),
        };
        return signingInput + "." + Encode(signature);
    }

    public static string Encode(byte[] bytes) => Base64Url.EncodeToString(bytes);
}
