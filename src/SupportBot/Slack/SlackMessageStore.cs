using Dapper;
using SupportBot.Core.Channels;
using SupportBot.Storage;

namespace SupportBot.Slack;

/// <summary>
/// The card each bot message in Slack shows, by (channel, ts): a button click names only the
/// message it was on, so this is how "Show card" finds the card again. Written after every post
/// and update; the newest card wins.
/// </summary>
public sealed class SlackMessageStore(IDatabase database, TimeProvider time)
{
    /// <summary>
    /// Shares a commit with the case steps and the outbox's marks (group commit on SQLite) instead of a
    /// disk sync of its own. Not cancellable: it runs once Slack has the message.
    /// </summary>
    public Task SaveAsync(string channel, string ts, OutboundMessage message)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(ts);
        ArgumentNullException.ThrowIfNull(message);
        var row = new { Channel = channel, Ts = ts, Message = StoreJson.Serialize(message), Now = time.GetUtcNow().ToUnixTimeMilliseconds() };
        return database.WriteAsync((connection, transaction) => connection.Execute(
            """
            INSERT INTO slack_messages (channel, ts, message, updated_at) VALUES (@Channel, @Ts, @Message, @Now)
            ON CONFLICT(channel, ts) DO UPDATE SET message = excluded.message, updated_at = excluded.updated_at;
            """,
            row, transaction), CancellationToken.None);
    }

    public OutboundMessage? Find(string channel, string ts)
    {
        using var connection = database.Open();
        var json = connection.QuerySingleOrDefault<string>(
            "SELECT message FROM slack_messages WHERE channel = @Channel AND ts = @Ts;", new { Channel = channel, Ts = ts });
        return json is null ? null : StoreJson.Deserialize<OutboundMessage>(json);
    }
}
