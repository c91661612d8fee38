using System.Diagnostics;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Outages;
using SupportBot.Tests.Slack.EndToEnd;
using Xunit.Abstractions;

namespace SupportBot.Tests.SlowDisk;

/// <summary>
/// Slack waits 3 seconds for an acknowledgement. Submissions and button clicks commit their case step
/// before the ack; with every commit slowed to 10 ms and 50 of them in flight at once, each must still
/// be acknowledged in time.
/// </summary>
[Collection(nameof(SlowDiskAckTests))]
public sealed class SlowDiskAckTests(ITestOutputHelper output)
{
    private const int Each = 25;
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan CommitDelay = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan SlackDeadline = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task With_every_commit_taking_10_ms_fifty_submissions_and_clicks_in_flight_are_each_acknowledged_within_3_seconds()
    {
        var disk = new SlowCommits(CommitDelay);
        // A clock the setup can step through the one-post-a-second pacing of the 25 triage cards; it stands still while measuring.
        var clock = new SteppingClock(Monday10Utc);
        await using var bot = await SlackDriver.StartAsync(
            Monday10Utc, new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Error" }, services: disk.Register, time: clock);
        var reporters = Enumerable.Range(1, 2 * Each).Select(i => $"U0S{i:D2}").ToList();
        foreach (var user in reporters)
        {
            bot.Slack.AddUser(user, user.ToLowerInvariant());
        }
        // Twenty-five cards to claim, and twenty-five reporters with the report form open.
        foreach (var user in reporters[..Each])
        {
            await bot.ReportAsync(user, "C0GENERAL", Answers(user));
        }
        await Drain.UntilDeliveredAsync(clock, new OutboxLedger(bot.Db), () => bot.Slack.InFlight == 0, TimeSpan.FromMinutes(5));
        var cards = bot.Slack.Messages(bot.Triage);
        Assert.Equal(Each, cards.Count);
        var forms = new List<(string User, Slack.Fakes.FakeView View)>();
        foreach (var user in reporters[Each..])
        {
            Assert.Equal("", await bot.SupportAsync(user, "C0GENERAL"));
            forms.Add((user, bot.LatestView()));
        }
        var slowedBefore = disk.Count;

        var acks = cards.Select(card => TimedAsync(async () => Assert.Null(await bot.ClickInMessageAsync("U0AGENT", bot.Triage, card.Ts, "case.claim"))))
            .Concat(forms.Select(form => TimedAsync(async () =>
                Assert.Equal("update", (await bot.SubmitAsync(form.User, form.View, Answers(form.User)))?["response_action"]?.GetValue<string>()))))
            .ToList();
        var latencies = (await Task.WhenAll(acks)).Order().ToList();

        var (p50, p99, max) = (latencies[latencies.Count / 2], latencies[(int)Math.Ceiling(latencies.Count * 0.99) - 1], latencies[^1]);
        output.WriteLine($"{latencies.Count} acks in flight, commits slowed to {CommitDelay.TotalMilliseconds} ms: " +
            $"p50 {p50.TotalMilliseconds:F0} ms, p99 {p99.TotalMilliseconds:F0} ms, max {max.TotalMilliseconds:F0} ms; {disk.Count - slowedBefore} commits slowed");
        Assert.Equal(2 * Each, latencies.Count);
        // Concurrent steps share commits (group commit), so there are fewer commits than requests, each slowed.
        Assert.True(disk.Count - slowedBefore > 0, "the measured commits were slowed");
        Assert.Equal(Each, bot.Db.Count("SELECT count(*) FROM case_events WHERE type = 'claimed'"));
        Assert.Equal(Each, bot.Db.Count("SELECT count(*) FROM intake_sessions"));
        Assert.True(max < SlackDeadline, $"the slowest acknowledgement took {max.TotalMilliseconds:F0} ms");
    }

    private static Dictionary<string, string> Answers(string user) =>
        new(LocalPeople.Severity1Answers($"Wifi down for {user}")) { ["impact"] = "single-customer" };

    private static async Task<TimeSpan> TimedAsync(Func<Task> request)
    {
        await Task.Yield();
        var watch = Stopwatch.StartNew();
        await request();
        return watch.Elapsed;
    }
}

/// <summary>Latency is measured with the rest of the suite stopped: the test times the app, not the other tests' load.</summary>
[CollectionDefinition(nameof(SlowDiskAckTests), DisableParallelization = true)]
public sealed class SlowDiskRunsAlone;
