using System.Data.Common;
using Dapper;
using SupportBot.Storage;

namespace SupportBot.Outbox;

/// <summary>
/// Retry-After holds shared by every instance on one database: a 429 that one instance gets is written
/// here, and the others read the holds at most once a second, so no instance keeps calling a method or
/// thread the platform asked the app to leave alone. Best effort: a database error never fails a call.
/// </summary>
public sealed partial class SharedHolds(IDatabase database, TimeProvider time, ILogger<SharedHolds> logger)
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    private Dictionary<string, DateTimeOffset> active = new(StringComparer.Ordinal);
    private DateTimeOffset readAt = DateTimeOffset.MinValue;

    /// <summary>When another instance's hold on <paramref name="key"/> ends, if one is known.</summary>
    public DateTimeOffset? Until(string key)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (now - readAt >= RefreshEvery || now < readAt)
            {
                active = Read(now) ?? active;
                readAt = now;
            }
            return active.TryGetValue(key, out var end) && end > now ? end : null;
        }
    }

    /// <summary>Records a hold for every instance; a longer hold already recorded stays.</summary>
    public void Publish(string key, DateTimeOffset end)
    {
        try
        {
            using var connection = database.Open();
            connection.Execute(
                "INSERT INTO retry_after_holds (key, until_at) VALUES (@key, @end) ON CONFLICT (key) DO UPDATE SET until_at = " +
                "CASE WHEN excluded.until_at > retry_after_holds.until_at THEN excluded.until_at ELSE retry_after_holds.until_at END",
                new { key, end = end.ToUnixTimeMilliseconds() });
            connection.Execute("DELETE FROM retry_after_holds WHERE until_at < @now", new { now = time.GetUtcNow().ToUnixTimeMilliseconds() });
        }
        catch (DbException ex)
        {
            LogFailed(ex, key);
        }
    }

    private Dictionary<string, DateTimeOffset>? Read(DateTimeOffset now)
    {
        try
        {
            using var connection = database.Open();
            return connection.Query<(string Key, long Until)>("SELECT key, until_at FROM retry_after_holds WHERE until_at > @now",
                new { now = now.ToUnixTimeMilliseconds() }).ToDictionary(h => h.Key, h => DateTimeOffset.FromUnixTimeMilliseconds(h.Until), StringComparer.Ordinal);
        }
        catch (DbException ex)
        {
            LogFailed(ex, "(reading)");
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A shared Retry-After hold ({Key}) could not be read or written; this instance's own holds still apply")]
    private partial void LogFailed(Exception ex, string key);
}
