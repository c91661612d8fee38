using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;

namespace SupportBot.Outbox;

/// <summary>What to do with an operation after a failed attempt.</summary>
public abstract record RetryDecision
{
    private RetryDecision() { }

    public sealed record RetryAt(DateTimeOffset At) : RetryDecision;

    public sealed record GiveUp(string Reason) : RetryDecision;
}

/// <summary>
/// Exponential backoff with full jitter (a random delay between zero and a ceiling that doubles per
/// attempt), so that many lanes failing together after an outage do not retry in step. A platform's
/// Retry-After is obeyed exactly: earlier gets another 429, later only delays the conversation.
/// </summary>
public sealed class RetryPolicy
{
    private readonly OutboxOptions options;
    private readonly Random random;
    private readonly Lock gate = new();

    public RetryPolicy(IOptions<OutboxOptions> options)
        : this(options?.Value ?? throw new ArgumentNullException(nameof(options)), Random.Shared)
    {
    }

    public RetryPolicy(OutboxOptions options, Random random)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.random = random ?? throw new ArgumentNullException(nameof(random));
    }

    public int MaxAttempts => options.MaxAttempts;

    /// <param name="attempts">Attempts made so far, including the one that just failed.</param>
    public RetryDecision Decide(int attempts, ChannelException failure, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failure.Kind == ChannelFailure.Permanent)
        {
            return new RetryDecision.GiveUp(failure.Message);
        }
        if (attempts >= options.MaxAttempts)
        {
            return new RetryDecision.GiveUp($"gave up after {attempts} attempts: {failure.Message}");
        }
        if (failure is { Kind: ChannelFailure.RateLimited, RetryAfter: { } retryAfter })
        {
            return new RetryDecision.RetryAt(now + retryAfter);
        }
        var delay = Backoff(attempts);
        // A transient failure may also carry Retry-After (a 503): never go before it.
        if (failure.RetryAfter is { } hint && hint > delay)
        {
            delay = hint;
        }
        return new RetryDecision.RetryAt(now + delay);
    }

    /// <summary>A random delay in [0, min(cap, base * 2^(attempts-1))].</summary>
    public TimeSpan Backoff(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ceiling = Math.Min(options.MaxDelay.TotalMilliseconds, options.BaseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        double fraction;
        lock (gate)
        {
            // An injected Random need not be thread-safe, and lanes fail in parallel.
            fraction = random.NextDouble();
        }
        return TimeSpan.FromMilliseconds(Math.Round(ceiling * fraction));
    }
}
