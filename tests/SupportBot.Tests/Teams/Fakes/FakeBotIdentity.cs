using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SupportBot.Tests.Teams.Fakes;

/// <summary>
/// A loopback fake of the Bot Framework identity provider: a real Kestrel on https://127.0.0.1:{port}
/// (a self-signed certificate that only <see cref="CreateHandler"/> trusts, so the product code
/// keeps its HTTPS-only rule) serving <c>/.well-known/openidconfiguration</c> and <c>/keys</c>, and a
/// minter of real signed tokens, forged ones included. It counts the requests it serves.
/// </summary>
public sealed class FakeBotIdentity : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";

    /// <summary>Published and endorsed for <c>msteams</c>.</summary>
    public const string TeamsKeyId = "teams-key-1";

    /// <summary>Published, but endorsed only for another channel.</summary>
    public const string WebChatKeyId = "webchat-key-1";

    private static readonly string[] SigningAlgorithms = ["RS256"];

    // RSA 2048 generation costs tens of milliseconds a key; every fake in the run shares them by kid.
    private static readonly ConcurrentDictionary<string, Lazy<RSA>> SharedKeys = new(StringComparer.Ordinal);
    private static readonly Lazy<X509Certificate2> SharedCertificate = new(CreateCertificate);

    private readonly ConcurrentBag<HttpClient> clients = [];
    private readonly ConcurrentDictionary<string, RSA> signingKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string[]> published = new(StringComparer.Ordinal);
    private readonly TimeProvider time;
    private readonly X509Certificate2 certificate;
    private WebApplication? app;
    private int metadataRequests;
    private int keyRequests;

    private FakeBotIdentity(TimeProvider time, X509Certificate2 certificate)
    {
        this.time = time;
        this.certificate = certificate;
        Publish(TeamsKeyId, "msteams");
        Publish(WebChatKeyId, "webchat");
    }

    /// <summary>The self-signed loopback certificate every fake identity provider serves, so one handler trusts them all.</summary>
    public static X509Certificate2 LoopbackCertificate => SharedCertificate.Value;

    /// <summary>https://127.0.0.1:{port}/</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public Uri MetadataUrl => new(BaseUrl, ".well-known/openidconfiguration");

    public int MetadataRequests => Volatile.Read(ref metadataRequests);

    public int KeyRequests => Volatile.Read(ref keyRequests);

    public static async Task<FakeBotIdentity> StartAsync(TimeProvider time)
    {
        var fake = new FakeBotIdentity(time, SharedCertificate.Value);
        (fake.app, fake.BaseUrl) = await LoopbackServer.StartAsync(
            app =>
            {
                app.MapGet("/.well-known/openidconfiguration", fake.Metadata);
                app.MapGet("/keys", fake.Keys);
            },
            web => web.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(fake.certificate))));
        return fake;
    }

    /// <summary>A handler for the validator's metadata client that trusts this fake's certificate and no other.</summary>
    public HttpMessageHandler CreateHandler() => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == certificate.GetCertHashString() },
    };

    /// <summary>A client over <see cref="CreateHandler"/>, disposed with the fake.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient(CreateHandler());
        clients.Add(client);
        return client;
    }

    /// <summary>Creates a key and lists it in the JWKS with these endorsements.</summary>
    public void Publish(string kid, params string[] endorsements)
    {
        signingKeys.GetOrAdd(kid, KeyFor);
        published[kid] = endorsements;
    }

    /// <summary>Creates a key that can sign tokens but is not in the JWKS.</summary>
    public void AddUnpublishedKey(string kid) => signingKeys.GetOrAdd(kid, KeyFor);

    /// <summary>
    /// A compact JWS. <paramref name="alg"/> <c>RS256</c> signs with the key named by
    /// <paramref name="signWith"/> (default: <paramref name="kid"/>); <c>HS256</c> uses that key's
    /// public key (SubjectPublicKeyInfo PEM) as the HMAC secret, the classic confusion attack;
    /// <c>none</c> leaves the signature empty. A null <paramref name="serviceUrl"/> omits the claim.
    /// </summary>
    public string Mint(
        string appId,
        string? serviceUrl,
        string? issuer = null,
        string? audience = null,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? expires = null,
        string? kid = TeamsKeyId,
        string alg = "RS256",
        string? signWith = null,
        IReadOnlyDictionary<string, object>? extraClaims = null)
    {
        var now = time.GetUtcNow();
        var header = new Dictionary<string, object> { ["alg"] = alg, ["typ"] = "JWT" };
        if (kid is not null)
        {
            header["kid"] = kid;
            header["x5t"] = kid;
        }

        var payload = new Dictionary<string, object>
        {
            ["iss"] = issuer ?? Issuer,
            ["aud"] = audience ?? appId,
            ["nbf"] = (notBefore ?? now.AddMinutes(-1)).ToUnixTimeSeconds(),
            ["exp"] = (expires ?? now.AddHours(1)).ToUnixTimeSeconds(),
        };
        if (serviceUrl is not null)
        {
            payload["serviceurl"] = serviceUrl;
        }

        foreach (var (name, value) in extraClaims ?? new Dictionary<string, object>())
        {
            payload[name] = value;
        }

        return FakeJws.Create(header, payload, signingKeys[signWith ?? kid ?? TeamsKeyId]);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    private IResult Metadata()
    {
        Interlocked.Increment(ref metadataRequests);
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = new Uri(BaseUrl, "keys").AbsoluteUri,
            ["id_token_signing_alg_values_supported"] = SigningAlgorithms,
        });
    }

    private IResult Keys()
    {
        Interlocked.Increment(ref keyRequests);
        var keys = published.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
        {
            var parameters = signingKeys[p.Key].ExportParameters(includePrivateParameters: false);
            return new Dictionary<string, object>
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = p.Key,
                ["x5t"] = p.Key,
                ["n"] = FakeJws.Encode(parameters.Modulus!),
                ["e"] = FakeJws.Encode(parameters.Exponent!),
                ["endorsements"] = p.Value,
            };
        });
        return Results.Json(new { keys });
    }

    private static RSA KeyFor(string kid) => SharedKeys.GetOrAdd(kid, _ => new Lazy<RSA>(() => RSA.Create(2048))).Value;

    private static X509Certificate2 CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        // The certificate is judged by TLS on the machine clock, whatever the test clock says.
        var now = TimeProvider.System.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
