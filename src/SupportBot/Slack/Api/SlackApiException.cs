using System.Text.Json.Nodes;
using SupportBot.Core.Channels;

namespace SupportBot.Slack.Api;

/// <summary>
/// A Web API call that failed: Slack's own error code (<c>channel_not_found</c>), or for transport
/// failures one of ours (<c>http_503</c>, <c>timeout</c>, <c>connection_failed</c>, <c>invalid_response</c>).
/// It carries the outbox's view of the failure, so an adapter turns it into a
/// <see cref="ChannelException"/> with <see cref="ToChannelException"/> after handling the codes it
/// tolerates (<c>already_pinned</c>, <c>name_taken</c>). The message never contains a token or URL.
/// </summary>
public sealed class SlackApiException : Exception
{
    public SlackApiException(
        string method, string error, ChannelFailure failure, TimeSpan? retryAfter = null, JsonObject? response = null, Exception? inner = null)
        : base($"{method}: {error}", inner)
    {
        Method = method;
        Error = error;
        Failure = failure;
        RetryAfter = retryAfter;
        Response = response;
    }

    public SlackApiException() : this("unknown", "unknown_error", ChannelFailure.Transient) { }

    public SlackApiException(string message) : this(message, null) { }

    public SlackApiException(string message, Exception? inner) : base(message, inner)
    {
        Method = "unknown";
        Error = "unknown_error";
    }

    /// <summary>The Web API method, or <c>response_url</c>.</summary>
    public string Method { get; }

    public string Error { get; }

    public ChannelFailure Failure { get; }

    /// <summary>Slack's Retry-After (1 s when a rate limit came without one); a hint on a 503.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The response body when Slack answered one (per-user <c>errors</c>, <c>needed</c> scopes).</summary>
    public JsonObject? Response { get; }

    /// <summary>Slack may have performed the call anyway (a timeout after sending, internal_error).</summary>
    public bool Ambiguous { get; init; }

    public ChannelException ToChannelException() => new(Failure, Message, RetryAfter, this) { Ambiguous = Ambiguous };
}
