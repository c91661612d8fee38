using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace SupportBot.Tests.Teams.Fakes;

/// <summary>
/// A loopback fake of Entra ID's key discovery for Entra-issued tokens (path B): a real Kestrel on
/// https://127.0.0.1:{port} serving <c>/{tenant}/v2.0/.well-known/openid-configuration</c> and
/// <c>/discovery/v2.0/keys</c> (keys without endorsements, as Entra's are), with the certificate of
/// <see cref="FakeBotIdentity"/> so that its handler trusts this fake too; and a minter of v1.0 and
/// v2.0 access tokens for a bot, forged ones included. It counts the requests it serves.
/// </summary>
public sealed class FakeEntraIdentity : IAsyncDisposable
{
    /// <summary>The bot's own tenant (the one the Teams settings of the tests name).</summary>
    public const string TenantId = FakeConnector.TenantId;

    public const string OtherTenantId = "99999999-8888-7777-6666-555555555555";

    /// <summary>Published in this fake's JWKS only.</summary>
    public const string KeyId = "entra-key-1";

    private static readonly string[] SigningAlgorithms = ["RS256"];

    private readonly ConcurrentDictionary<string, RSA> keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> published = new(StringComparer.Ordinal);
    private readonly TimeProvider time;
    private WebApplication? app;
    private int metadataRequests;
    private int keyRequests;

    private FakeEntraIdentity(TimeProvider time)
    {
        this.time = time;
        Publish(KeyId);
    }

    /// <summary>https://127.0.0.1:{port}/</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public int MetadataRequests => Volatile.Read(ref metadataRequests);

    public int KeyRequests => Volatile.Read(ref keyRequests);

    public static async Task<FakeEntraIdentity> StartAsync(TimeProvider time)
    {
        var fake = new FakeEntraIdentity(time);
        (fake.app, fake.BaseUrl) = await LoopbackServer.StartAsync(
            app =>
            {
                app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", fake.Metadata);
                app.MapGet("/discovery/v2.0/keys", fake.Keys);
            },
            web => web.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(FakeBotIdentity.LoopbackCertificate))));
        return fake;
    }

    public Uri MetadataUrl(string tenant = TenantId) => new(BaseUrl, $"{tenant}/v2.0/.well-known/openid-configuration");

    public static string V1Issuer(string tenant) => $"https://sts.windows.net/{tenant}/";

    public static string V2Issuer(string tenant) => $"https://login.microsoftonline.com/{tenant}/v2.0";

    /// <summary>Creates a key and lists it in the JWKS.</summary>
    public void Publish(string kid)
    {
        keys.GetOrAdd(kid, _ => RSA.Create(2048));
        published[kid] = true;
    }

    /// <summary>
    /// An access token for <paramref name="appId"/> as Entra issues it to <paramref name="caller"/>
    /// (default: the bot itself, as the Emulator asks for one): <paramref name="version"/> "1.0" has
    /// the v1 issuer and <c>appid</c>, "2.0" the v2 issuer and <c>azp</c>; <c>tid</c> is the issuing
    /// tenant. Each of <paramref name="claims"/> replaces a claim, or removes it when null.
    /// </summary>
    public string Mint(
        string version,
        string appId,
        string? caller = null,
        string tenant = TenantId,
        IReadOnlyDictionary<string, object?>? claims = null,
        string alg = "RS256",
        string kid = KeyId)
    {
        var now = time.GetUtcNow();
        var payload = new Dictionary<string, object?>
        {
            ["iss"] = version == "2.0" ? V2Issuer(tenant) : V1Issuer(tenant),
            ["aud"] = appId,
            ["iat"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["tid"] = tenant,
            ["ver"] = version,
            [version == "2.0" ? "azp" : "appid"] = caller ?? appId,
        };
        foreach (var (name, value) in claims ?? new Dictionary<string, object?>())
        {
            payload[name] = value;
        }

        var header = new Dictionary<string, object> { ["alg"] = alg, ["typ"] = "JWT", ["kid"] = kid, ["x5t"] = kid };
        return FakeJws.Create(header, payload.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!), keys.GetOrAdd(kid, _ => RSA.Create(2048)));
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        foreach (var key in keys.Values)
        {
            key.Dispose();
        }
    }

    private IResult Metadata(string tenant)
    {
        Interlocked.Increment(ref metadataRequests);
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = V2Issuer(tenant),
            ["jwks_uri"] = new Uri(BaseUrl, "discovery/v2.0/keys").AbsoluteUri,
            ["id_token_signing_alg_values_supported"] = SigningAlgorithms,
        });
    }

    private IResult Keys()
    {
        Interlocked.Increment(ref keyRequests);
        var set = published.Keys.Order(StringComparer.Ordinal).Select(kid =>
        {
            var parameters = keys[kid].ExportParameters(includePrivateParameters: false);
            return new Dictionary<string, object>
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = kid,
                ["x5t"] = kid,
                ["n"] = FakeJws.Encode(parameters.Modulus!),
                ["e"] = FakeJws.Encode(parameters.Exponent!),
            };
        });
        return Results.Json(new { keys = set });
    }
}
