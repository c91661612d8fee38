using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SupportBot.Slack.Inbound;

/// <summary>
/// Slack's v0 request signature: HMAC-SHA256 with the signing secret over <c>v0:{timestamp}:{raw body}</c>,
/// compared in constant time, with the timestamp within five minutes of now either way (a replay
/// window). Nothing else of a request is read before this passes.
/// </summary>
public static class SlackSignature
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    public static bool IsValid(ReadOnlySpan<byte> body, string? timestamp, string? signature, string secret, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (string.IsNullOrEmpty(secret) || timestamp is null || signature is null
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > Window.TotalSeconds)
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Compute(body, timestamp, secret));
        var given = Encoding.ASCII.GetBytes(signature);
        return given.Length == expected.Length && CryptographicOperations.FixedTimeEquals(given, expected);
    }

    /// <summary>The header value Slack would send for this body; also what tests sign with.</summary>
    public static string Compute(ReadOnlySpan<byte> body, string timestamp, string secret)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = Encoding.ASCII.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
        return "v0=" + Convert.ToHexStringLower(mac);
    }
}
