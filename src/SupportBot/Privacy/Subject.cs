using System.Security.Cryptography;
using System.Text;
using SupportBot.Storage;

namespace SupportBot.Privacy;

/// <summary>The person a privacy request is about, by user key (<c>slack:U0123</c>): the platform and the account on it.</summary>
public sealed record Subject(string Key)
{
    /// <summary>Cases they reported, or joined as a linked reporter.</summary>
    public static string ReportedCase(SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        return $"(reporter_key = @Key OR EXISTS (SELECT 1 FROM {dialect.JsonElements("cases.data", "linkedReporters", "l")} " +
            $"WHERE {dialect.ElementText("l", "channel")} = @Platform AND {dialect.ElementText("l", "id")} = @Account))";
    }

    /// <summary>Log entries they made, or that recorded their report (a report linked to an open incident).</summary>
    public static string AuthoredEvent(SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        return $"(e.actor_key = @Key OR {dialect.JsonText("e.data", "reporter")} = @Key)";
    }

    public string Platform => Key[..Key.IndexOf(':', StringComparison.Ordinal)];

    public string Account => Key[(Key.IndexOf(':', StringComparison.Ordinal) + 1)..];

    public object Args => new { Key, Platform, Account };

    /// <summary>
    /// What the audit keeps instead of the key: a hash, so that the audit proves a request about this key
    /// was done without keeping who it was about in clear.
    /// </summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)))[..16];
}
