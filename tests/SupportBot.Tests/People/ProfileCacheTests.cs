using Microsoft.Extensions.Logging;
using SupportBot.Core.Channels;
using SupportBot.People;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Tests.People;

/// <summary>At most one lookup per user per hour, and a failed or slow one is no email, logged once.</summary>
public sealed class ProfileCacheTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private readonly TestClock clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    private readonly LogCapture logs = new();
    private readonly ILoggerFactory factory;
    private readonly ProfileCache cache;
    private int calls;

    public ProfileCacheTests()
    {
        factory = LoggerFactory.Create(b => b.AddProvider(logs));
        cache = new ProfileCache(clock, factory.CreateLogger<ProfileCache>());
    }

    [Fact]
    public async Task A_profile_is_looked_up_once_and_again_only_after_an_hour()
    {
        Task<PlatformProfile> Answer(CancellationToken _)
        {
            calls++;
            return Task.FromResult(new PlatformProfile($"mira{calls}@example.com", "Europe/London"));
        }

        var first = await cache.GetAsync("slack:U0MIRA", Wait, Answer, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(59));
        var cached = await cache.GetAsync("slack:U0MIRA", Wait, Answer, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        var fresh = await cache.GetAsync("slack:U0MIRA", Wait, Answer, CancellationToken.None);

        Assert.Equal(("mira1@example.com", "mira1@example.com", "mira2@example.com"), (first!.Email, cached!.Email, fresh!.Email));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_failed_lookup_is_no_profile_logged_once_and_not_repeated_for_five_minutes()
    {
        Task<PlatformProfile> Fail(CancellationToken _)
        {
            calls++;
            throw new ChannelException(ChannelFailure.Permanent, "users.info: missing_scope");
        }

        Assert.Null(await cache.GetAsync("slack:U0MIRA", Wait, Fail, CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Null(await cache.GetAsync("slack:U0MIRA", Wait, Fail, CancellationToken.None));
        Assert.Equal(1, calls);
        Assert.Single(logs.Lines, l => l.Contains("slack:U0MIRA failed (users.info: missing_scope)", StringComparison.Ordinal));

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await cache.GetAsync("slack:U0MIRA", Wait, Fail, CancellationToken.None));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_lookup_that_does_not_answer_in_time_is_given_up_and_the_event_goes_on_without_an_email()
    {
        var never = new TaskCompletionSource<PlatformProfile>();
        CancellationToken seen = default;

        var profile = await cache.GetAsync("teams:29:mira", TimeSpan.FromMilliseconds(50), t =>
        {
            seen = t;
            return never.Task.WaitAsync(t);
        }, CancellationToken.None);

        Assert.Null(profile);
        Assert.True(seen.IsCancellationRequested);
        Assert.Single(logs.Lines, l => l.Contains("teams:29:mira failed (no answer within", StringComparison.Ordinal));
    }

    public void Dispose() => factory.Dispose();
}
