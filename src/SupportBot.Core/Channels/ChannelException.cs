namespace SupportBot.Core.Channels;

/// <summary>
/// A platform call that failed. <see cref="Kind"/> tells the outbox whether to retry:
/// transient (5xx, timeouts), rate limited (429, with the platform's Retry-After), or permanent
/// (403 user blocked, channel_not_found) which goes straight to the dead letters.
/// </summary>
public sealed class ChannelException : Exception
{
    public ChannelException(ChannelFailure kind, string reason, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(reason, inner)
    {
        Kind = kind;
        RetryAfter = retryAfter;
    }

    public ChannelException() : this(ChannelFailure.Transient, "Channel call failed.") { }

    public ChannelException(string message) : this(ChannelFailure.Transient, message) { }

    public ChannelException(string message, Exception inner) : this(ChannelFailure.Transient, message, null, inner) { }

    public ChannelFailure Kind { get; }

    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// The platform may have performed the call anyway: a timeout or a dropped connection after the
    /// request left, or an error the platform documents as possibly partial. A retry may repeat it.
    /// </summary>
    public bool Ambiguous { get; init; }
}

public enum ChannelFailure { Transient, RateLimited, Permanent }
