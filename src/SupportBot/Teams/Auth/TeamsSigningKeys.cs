using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace SupportBot.Teams.Auth;

/// <summary>
/// The signing keys behind the OpenID metadata document, fetched with System.Text.Json rather than
/// <c>ConfigurationManager</c> so that refreshes follow the injected clock and the non-standard
/// <c>endorsements</c> member is read exactly. Keys are refreshed every <see cref="RefreshInterval"/>,
/// and at once when a token names an unknown <c>kid</c>, but such forced refreshes happen at most
/// once per <see cref="UnknownKeyRefreshInterval"/> so that forged kids cannot hammer the endpoint.
/// One fetch is shared by all callers waiting for it.
/// </summary>
internal sealed partial class TeamsSigningKeys(HttpClient http, Uri metadataUrl, TimeProvider time, ILogger logger)
{
    /// <summary>The platform asks for at least daily; ConfigurationManager's default is 12 hours.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(12);

    /// <summary>ConfigurationManager's <c>RequestRefresh</c> limit.</summary>
    public static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromMinutes(5);

    /// <summary>After a failed fetch, requests use what is cached (or fail) for this long before trying again.</summary>
    public static readonly TimeSpan FailureBackoff = TimeSpan.FromSeconds(30);

    private readonly Lock gate = new();
    private Snapshot? current;
    private Task<Snapshot?>? refreshing;
    private DateTimeOffset lastForcedRefresh = DateTimeOffset.MinValue;
    private DateTimeOffset retryNotBefore = DateTimeOffset.MinValue;

    public async Task<KeyLookup> FindAsync(string kid, CancellationToken ct)
    {
        var snapshot = await CurrentAsync(ct);
        if (snapshot is not null && snapshot.Keys.TryGetValue(kid, out var key))
        {
            return new KeyLookup(key, Available: true);
        }

        snapshot = await RefreshForUnknownKeyAsync(snapshot, ct);
        if (snapshot is null)
        {
            return new KeyLookup(null, Available: false);
        }

        return new KeyLookup(snapshot.Keys.GetValueOrDefault(kid), Available: true);
    }

    private Task<Snapshot?> CurrentAsync(CancellationToken ct)
    {
        Task<Snapshot?> pending;
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (current is not null && now - current.FetchedAt < RefreshInterval)
            {
                return Task.FromResult<Snapshot?>(current);
            }

            if (refreshing is null && now < retryNotBefore)
            {
                return Task.FromResult(current);
            }

            pending = refreshing ??= Task.Run(RefreshAsync, CancellationToken.None);
        }

        return pending.WaitAsync(ct);
    }

    private Task<Snapshot?> RefreshForUnknownKeyAsync(Snapshot? seen, CancellationToken ct)
    {
        Task<Snapshot?> pending;
        lock (gate)
        {
            if (!ReferenceEquals(current, seen))
            {
                // Someone refreshed since we looked: that copy is as fresh as a new fetch.
                return Task.FromResult(current);
            }

            if (refreshing is null)
            {
                var now = time.GetUtcNow();
                if (now - lastForcedRefresh < UnknownKeyRefreshInterval || now < retryNotBefore)
                {
                    return Task.FromResult(current);
                }

                lastForcedRefresh = now;
                refreshing = Task.Run(RefreshAsync, CancellationToken.None);
            }

            pending = refreshing;
        }

        return pending.WaitAsync(ct);
    }

    // Runs on the pool (Task.Run), never inside the lock, and is not cancelled by any one caller.
    private async Task<Snapshot?> RefreshAsync()
    {
        Snapshot? fetched = null;
        try
        {
            fetched = await FetchAsync();
            LogFetched(logger, fetched.Keys.Count, metadataUrl);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException
                                      or InvalidDataException or FormatException or CryptographicException)
        {
            LogFetchFailed(logger, e, metadataUrl);
        }

        lock (gate)
        {
            if (fetched is not null)
            {
                current = fetched;
            }
            else
            {
                retryNotBefore = time.GetUtcNow() + FailureBackoff;
            }

            refreshing = null;
            return current;
        }
    }

    private async Task<Snapshot> FetchAsync()
    {
        RequireHttps(metadataUrl);
        Uri jwksUri;
        using (var metadata = await GetJsonAsync(metadataUrl))
        {
            if (!metadata.RootElement.TryGetProperty("jwks_uri", out var jwks) || jwks.ValueKind != JsonValueKind.String
                || !Uri.TryCreate(jwks.GetString(), UriKind.Absolute, out jwksUri!))
            {
                throw new InvalidDataException("The OpenID metadata has no absolute jwks_uri.");
            }
        }

        RequireHttps(jwksUri);
        using var keySet = await GetJsonAsync(jwksUri);
        if (!keySet.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("The JWKS has no keys array.");
        }

        var parsed = new Dictionary<string, TeamsSigningKey>(StringComparer.Ordinal);
        foreach (var jwk in keys.EnumerateArray())
        {
            if (ParseKey(jwk) is { } key)
            {
                parsed[key.KeyId] = key;
            }
        }

        return new Snapshot(parsed, time.GetUtcNow());
    }

    private async Task<JsonDocument> GetJsonAsync(Uri url)
    {
        using var response = await http.GetAsync(url, CancellationToken.None);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(CancellationToken.None);
        return await JsonDocument.ParseAsync(body, default, CancellationToken.None);
    }

    /// <summary>RSA signing keys with a kid; anything else in the set is skipped.</summary>
    private static TeamsSigningKey? ParseKey(JsonElement jwk)
    {
        if (jwk.ValueKind != JsonValueKind.Object
            || String(jwk, "kty") != "RSA"
            || String(jwk, "use") is { } use && use != "sig"
            || String(jwk, "kid") is not { Length: > 0 } kid
            || String(jwk, "n") is not { Length: > 0 } n
            || String(jwk, "e") is not { Length: > 0 } e)
        {
            return null;
        }

        var endorsements = new HashSet<string>(StringComparer.Ordinal);
        if (jwk.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } channel)
                {
                    endorsements.Add(channel);
                }
            }
        }

        var parameters = new RSAParameters { Modulus = Base64Url.DecodeFromChars(n), Exponent = Base64Url.DecodeFromChars(e) };
        return new TeamsSigningKey(new RsaSecurityKey(parameters) { KeyId = kid }, endorsements);
    }

    private static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void RequireHttps(Uri url)
    {
        if (url.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidDataException($"Signing keys are fetched over HTTPS only, not from {url}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched {Count} Teams signing keys via {MetadataUrl}")]
    private static partial void LogFetched(ILogger logger, int count, Uri metadataUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fetch the Teams signing keys via {MetadataUrl}")]
    private static partial void LogFetchFailed(ILogger logger, Exception exception, Uri metadataUrl);

    private sealed record Snapshot(IReadOnlyDictionary<string, TeamsSigningKey> Keys, DateTimeOffset FetchedAt);
}

internal readonly record struct KeyLookup(TeamsSigningKey? Key, bool Available);
