using System.Text.Json.Nodes;
using SupportBot.Tests.RateLimits;

namespace SupportBot.Tests.Slack.Fakes;

/// <summary>
/// Slack's documented pace for <c>chat.postMessage</c>, enforced when a test asks for it
/// (<see cref="PostLimits"/>): "generally one message per second per channel", "short bursts &gt;1
/// allowed" (https://docs.slack.dev/apis/web-api/rate-limits). Over the limit Slack answers HTTP 429
/// with <c>Retry-After</c> in whole seconds and <c>{"ok":false,"error":"ratelimited"}</c>. The
/// workspace-wide cap Slack also mentions has no published figure and is not modelled.
/// </summary>
public sealed partial class FakeSlack
{
    /// <summary>The burst this fake tolerates: Slack publishes none, so a small one.</summary>
    public const int DocumentedPostBurst = 3;

    private int rateLimited;

    /// <summary>Null (the default): no limits. <see cref="DocumentedPostLimits"/> for Slack's.</summary>
    public TokenBuckets? PostLimits { get; set; }

    /// <summary>429s this fake answered because of <see cref="PostLimits"/>.</summary>
    public int RateLimited => Volatile.Read(ref rateLimited);

    /// <summary>One post per second per channel, after a burst of <see cref="DocumentedPostBurst"/>.</summary>
    public static TokenBuckets DocumentedPostLimits() => new(perSecond: 1, DocumentedPostBurst);

    /// <summary>A 429 for a post over its channel's pace, or null (called under the lock).</summary>
    private Failure? OverLimit(string method, JsonObject args)
    {
        if (method != "chat.postMessage" || PostLimits is not { } limits || Text(args, "channel") is not { } channel
            || limits.TryTake(channel, time.GetUtcNow()) is not { } wait)
        {
            return null;
        }
        Interlocked.Increment(ref rateLimited);
        // Whole seconds, rounded up, at least one: the header carries an integer.
        return new Failure(429, Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)), "ratelimited");
    }
}
