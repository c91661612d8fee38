using System.Text.Json.Nodes;
using SupportBot.Core.Channels;
using SupportBot.Slack.Api;
using SupportBot.Slack.BlockKit;

namespace SupportBot.Slack.Inbound;

/// <summary>
/// The rest of an over-long answer that only its asker sees (<see cref="SlackMessage.Rest"/>), sent after the
/// answer, piece by piece and in order, to that person only: as <c>chat.postEphemeral</c> in the same
/// conversation, or, for a slash command, to the command's <c>response_url</c>. A rate limit or a failure that
/// certainly did not post is waited out (Slack's Retry-After) and the piece tried again, within a bound; past
/// it, or on any other error, the pieces left are not sent (they would arrive out of order) and the stop is
/// logged as an error naming the part.
/// </summary>
public sealed partial class SlackEphemeralRest(SlackApiClient api, TimeProvider time, ILogger<SlackEphemeralRest> logger)
{
    public const int MaxAttempts = 3;

    /// <summary>
    /// Slack documents a slash command's response_url as usable up to 5 times within 30 minutes of the command
    /// (https://docs.slack.dev/interactivity/handling-user-interaction/); the ack's body does not count.
    /// </summary>
    public const int ResponseUrlUses = 5;

    /// <summary>The longest a reply waits out rate limits in all: an ephemeral is read now or not at all.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan DefaultPause = TimeSpan.FromSeconds(1);

    /// <summary>https://docs.slack.dev/reference/methods/chat.postEphemeral, once per piece.</summary>
    public Task ToEphemeralsAsync(string channel, string user, IReadOnlyList<JsonArray> rest, CancellationToken ct) =>
        SendAsync(channel, user, rest, (_, piece, c) => PostEphemeralAsync(channel, user, piece, c), ct);

    /// <summary>
    /// The rest of a slash command's answer. Its response_url, because that works wherever the command can be
    /// typed (a DM between two people, a private channel the bot is not in), where chat.postEphemeral answers
    /// channel_not_found. Past its 5 uses, or without a valid one, the pieces go by chat.postEphemeral.
    /// </summary>
    public Task ToResponseUrlAsync(string? responseUrl, string channel, string user, IReadOnlyList<JsonArray> rest, CancellationToken ct)
    {
        var hook = api.AcceptsResponseUrl(responseUrl) ? responseUrl : null;
        return SendAsync(channel, user, rest, (index, piece, c) => hook is not null && index < ResponseUrlUses
            ? api.PostToResponseUrlAsync(hook, HookBody(piece), c)
            : PostEphemeralAsync(channel, user, piece, c), ct);
    }

    private async Task SendAsync(
        string channel, string user, IReadOnlyList<JsonArray> rest, Func<int, JsonArray, CancellationToken, Task> send, CancellationToken ct)
    {
        var waited = TimeSpan.Zero;
        for (var index = 0; index < rest.Count; index++)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await send(index, rest[index], ct).ConfigureAwait(false);
                    break;
                }
                catch (SlackApiException e) when (Pause(e) is { } pause && attempt < MaxAttempts && waited + pause <= MaxWait)
                {
                    waited += pause;
                    await Task.Delay(pause, time, ct).ConfigureAwait(false);
                }
                catch (SlackApiException e)
                {
                    // Part 1 is the answer itself; this piece is part index + 2.
                    LogStopped(user, channel, index + 2, rest.Count + 1, e.Error);
                    return;
                }
            }
        }
    }

    private Task<JsonObject> PostEphemeralAsync(string channel, string user, JsonArray piece, CancellationToken ct) =>
        api.CallAsync("chat.postEphemeral", new JsonObject
        {
            ["channel"] = channel,
            ["user"] = user,
            ["text"] = SlackMessage.ContinuedText,
            ["blocks"] = piece.DeepClone(),
        }, ct);

    /// <summary>A new ephemeral message under the answer, never a replacement of it.</summary>
    private static JsonObject HookBody(JsonArray piece) => new()
    {
        ["response_type"] = "ephemeral",
        ["replace_original"] = false,
        ["text"] = SlackMessage.ContinuedText,
        ["blocks"] = piece.DeepClone(),
    };

    /// <summary>How long to wait before trying a piece again; null when trying again would not help or could post it twice.</summary>
    private static TimeSpan? Pause(SlackApiException e) => e.Failure switch
    {
        ChannelFailure.RateLimited => e.RetryAfter ?? DefaultPause,
        ChannelFailure.Transient when !e.Ambiguous => e.RetryAfter ?? DefaultPause,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Slack: the answer to {User} in {Channel} stopped before part {Part} of {Parts}: {Error}; the parts from there on were not delivered")]
    private partial void LogStopped(string user, string channel, int part, int parts, string error);
}
