using System.Globalization;
using System.Text.Json.Nodes;
using SupportBot.Core.Channels;
using SupportBot.Outbox;

namespace SupportBot.Slack;

/// <summary>
/// Posts tagged with their outbox row as message metadata (https://docs.slack.dev/messaging/message-metadata),
/// found again in conversations.history with <c>include_all_metadata</c>. Reading history needs the
/// <c>channels:history</c>, <c>groups:history</c> and <c>im:history</c> scopes; a conversation the bot
/// cannot read is posted to without looking (at least once, as before).
/// </summary>
public sealed partial class SlackChannel : ITaggedPosts
{
    public const string DeliveryEventType = "supportbot_delivery";

    private const int HistoryPageSize = 200;
    private const int MaxHistoryPages = 5;

    // Slack's clock and ours may differ: look a little before the row was written.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public Task<MessageRef> PostAsync(ConversationRef conversation, OutboundMessage message, string tag, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        RequireSlack(conversation.Channel, "conversation");
        return PostToAsync(conversation.Id, message, tag, ct);
    }

    public Task<MessageRef> SendDirectAsync(UserRef user, OutboundMessage message, string tag, CancellationToken ct) => DirectAsync(user, message, tag, ct);

    public Task<MessageRef?> FindAsync(ConversationRef conversation, OutboundMessage message, string tag, DateTimeOffset since, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        RequireSlack(conversation.Channel, "conversation");
        return FindInAsync(conversation.Id, message, tag, since, ct);
    }

    public async Task<MessageRef?> FindDirectAsync(UserRef user, OutboundMessage message, string tag, DateTimeOffset since, CancellationToken ct)
    {
        var channel = await OpenDirectAsync(await DirectUserAsync(user, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        return await FindInAsync(channel, message, tag, since, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// https://docs.slack.dev/reference/methods/conversations.history, newest first, a few pages at most: the
    /// bot's message with the tag and the same text. A failure Slack may get over is thrown, to look again later.
    /// </summary>
    private async Task<MessageRef?> FindInAsync(string channel, OutboundMessage message, string tag, DateTimeOffset since, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = renderer.Message(message).Text;
        var oldest = (since - ClockSkew).ToUnixTimeMilliseconds() / 1000m;
        string? cursor = null;
        for (var page = 0; page < MaxHistoryPages; page++)
        {
            var args = new JsonObject
            {
                ["channel"] = channel,
                ["oldest"] = oldest.ToString("0.000000", CultureInfo.InvariantCulture),
                ["include_all_metadata"] = true,
                ["limit"] = HistoryPageSize,
            };
            if (cursor is not null)
            {
                args["cursor"] = cursor;
            }
            JsonObject? history;
            try
            {
                history = await CallAsync("conversations.history", args, ct).ConfigureAwait(false);
            }
            catch (ChannelException ex) when (ex.Kind == ChannelFailure.Permanent)
            {
                LogLookupFailed(channel, tag, ex.Message);
                return null;
            }
            foreach (var posted in (history?["messages"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (JsonText.Of(posted["metadata"]?["event_type"]) == DeliveryEventType && JsonText.Of(posted["metadata"]?["event_payload"]?["id"]) == tag
                    && JsonText.Of(posted["text"]) == text && JsonText.NonEmpty(posted["ts"]) is { } ts)
                {
                    await RememberAsync(channel, ts, message).ConfigureAwait(false);
                    LogFoundPosted(channel, ts, tag);
                    return new MessageRef(ChannelKind.Slack, channel, ts);
                }
            }
            if ((cursor = JsonText.NonEmpty(history?["response_metadata"]?["next_cursor"])) is null)
            {
                return null;
            }
        }
        LogLookupFailed(channel, tag, $"not among the latest {HistoryPageSize * MaxHistoryPages} messages");
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack message {Channel}/{Ts} was already posted for {Tag} before a restart; not posting it again")]
    private partial void LogFoundPosted(string channel, string ts, string tag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look in Slack {Channel} for {Tag} ({Reason}); posting it, so it may show twice")]
    private partial void LogLookupFailed(string channel, string tag, string reason);
}
