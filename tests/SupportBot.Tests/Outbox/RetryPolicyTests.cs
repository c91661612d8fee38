using SupportBot.Core.Channels;
using SupportBot.Outbox;

namespace SupportBot.Tests.Outbox;

public sealed class RetryPolicyTests
{
    private static readonly DateTimeOffset Now = OutboxFixture.T0;
    private static readonly ChannelException Timeout = new(ChannelFailure.Transient, "timeout");

    [Fact]
    public void Full_jitter_draws_below_a_ceiling_that_doubles_from_one_second_up_to_five_minutes()
    {
        var highest = new RetryPolicy(new OutboxOptions(), new FixedRandom(1.0));
        var lowest = new RetryPolicy(new OutboxOptions(), new FixedRandom(0.0));

        var ceilings = Enumerable.Range(1, 11).Select(a => highest.Backoff(a).TotalSeconds);

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300], ceilings);
        Assert.Equal(TimeSpan.Zero, lowest.Backoff(5));
        Assert.Equal(TimeSpan.FromSeconds(2), new RetryPolicy(new OutboxOptions(), new FixedRandom(0.25)).Backoff(4));
    }

    [Fact]
    public void A_rate_limited_failure_is_retried_exactly_after_its_retry_after()
    {
        var policy = new RetryPolicy(new OutboxOptions(), new FixedRandom(1.0));
        var tooMany = new ChannelException(ChannelFailure.RateLimited, "ratelimited", TimeSpan.FromSeconds(30));

        Assert.Equal(new RetryDecision.RetryAt(Now.AddSeconds(30)), policy.Decide(1, tooMany, Now));
        Assert.Equal(new RetryDecision.RetryAt(Now.AddSeconds(30)), policy.Decide(9, tooMany, Now));
    }

    [Fact]
    public void A_transient_failure_with_a_retry_after_is_never_retried_before_it()
    {
        var policy = new RetryPolicy(new OutboxOptions(), new FixedRandom(0.0));
        var unavailable = new ChannelException(ChannelFailure.Transient, "503", TimeSpan.FromSeconds(10));

        Assert.Equal(new RetryDecision.RetryAt(Now.AddSeconds(10)), policy.Decide(1, unavailable, Now));
    }

    [Fact]
    public void A_permanent_failure_gives_up_at_once_with_its_reason()
    {
        var policy = new RetryPolicy(new OutboxOptions(), new FixedRandom(0.5));

        var decision = policy.Decide(1, new ChannelException(ChannelFailure.Permanent, "user_not_found"), Now);

        Assert.Equal(new RetryDecision.GiveUp("user_not_found"), decision);
    }

    [Fact]
    public void By_default_the_twelfth_failed_attempt_gives_up()
    {
        var policy = new RetryPolicy(new OutboxOptions(), new FixedRandom(0.5));

        Assert.IsType<RetryDecision.RetryAt>(policy.Decide(11, Timeout, Now));
        Assert.Equal(new RetryDecision.GiveUp("gave up after 12 attempts: timeout"), policy.Decide(12, Timeout, Now));
    }
}
