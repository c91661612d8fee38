using SupportBot.Core.Channels;

namespace SupportBot.Slack.Api;

/// <summary>
/// What an <c>{"ok":false,"error":…}</c> code means for a retry. Only Slack's own server-side
/// trouble and rate limits are worth trying again; everything else (a missing channel, a revoked
/// token, a missing scope, blocks Slack rejects) fails the same way every time.
/// </summary>
public static class SlackErrors
{
    public static ChannelFailure FailureOf(string error) => error switch
    {
        // chat.postMessage spells it rate_limited (HTTP 200); everything else ratelimited (HTTP 429).
        "ratelimited" or "rate_limited" => ChannelFailure.RateLimited,
        "internal_error" or "fatal_error" or "request_timeout" or "service_unavailable" => ChannelFailure.Transient,
        _ => ChannelFailure.Permanent,
    };

    /// <summary>Errors Slack documents as "it's possible some aspect of the operation succeeded before the error was raised".</summary>
    public static bool MayHaveActed(string error) => error is "internal_error" or "fatal_error";

    /// <summary>Errors whose <c>response_metadata.messages</c> say which field was wrong: worth a log line.</summary>
    public static bool Explains(string error) => error is "invalid_arguments" or "invalid_blocks" or "invalid_blocks_format";
}
