using System.Globalization;
using NodaTime;
using SupportBot.Scheduling;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Storage.Providers;

namespace SupportBot.Tests.Scheduling;

/// <summary>
/// The sweep fires the timers of many cases at once (so their steps share commits) and wakes when the
/// next timer is due: still never early, and each timer handled once, with two sweeps and the app's own
/// loop running together, on both providers.
/// </summary>
public sealed class TimerSweeperTests : IDisposable
{
    private const int Cases = 16;
    private const int Steps = 6;

    private readonly TestClock clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    private TestDatabase? db;

    [Theory, SqliteData, PostgresData]
    public async Task Timers_of_many_cases_fire_together_each_once_and_never_before_they_are_due(StorageProvider provider)
    {
        db = TestDatabase.Create(provider);
        await using var host = await TestHost.StartAsync(db, clock);
        var rows = new HostDb(db.Database);
        for (var i = 0; i < Cases; i++)
        {
            await LocalPeople.ReportAsync(host, $"rita-{i}", $"Wifi down {i}");
        }
        // The cases opened at one instant, so each due time below is the due time of a timer of every case.
        var dues = rows.Rows<long>("SELECT DISTINCT due_at FROM timers WHERE status = 'pending' ORDER BY due_at").Take(Steps).ToList();
        Assert.True(dues.Count == Steps, $"only {dues.Count} distinct due times");
        var sweeper = host.Get<TimerSweeper>();

        foreach (var due in dues)
        {
            MoveTo(due - 1);
            var early = await sweeper.SweepAsync(CancellationToken.None);
            await AssertNoneEarlyAndNoneLeftAsync(rows, due - 1);
            Assert.Equal(due - 1, early.Through.ToUnixTimeMilliseconds());

            MoveTo(due);
            await Task.WhenAll(sweeper.SweepAsync(CancellationToken.None), sweeper.SweepAsync(CancellationToken.None));
            await AssertNoneEarlyAndNoneLeftAsync(rows, due);
            Assert.True(rows.Count("SELECT count(*) FROM timers WHERE due_at = @due AND status = 'fired'", new { due }) >= Cases,
                $"fewer than one timer of each case fired at {due}");
        }
        // A day later at once: several timers of each case are due in one sweep, fired in due order.
        MoveTo(dues[^1] + (long)TimeSpan.FromDays(1).TotalMilliseconds);
        await Task.WhenAll(sweeper.SweepAsync(CancellationToken.None), sweeper.SweepAsync(CancellationToken.None));
        await AssertNoneEarlyAndNoneLeftAsync(rows, clock.GetUtcNow().ToUnixTimeMilliseconds());

        var fired = rows.Count("SELECT count(*) FROM timers WHERE status = 'fired'");
        Assert.True(fired >= Cases * (Steps + 1), $"only {fired} timers fired");
        Assert.Equal(fired, await FiredTotalAsync(host, fired));
    }

    [Fact]
    public void The_loop_waits_until_the_next_timer_is_due_and_never_longer_than_a_second()
    {
        var now = Instant.FromUtc(2026, 11, 23, 10, 0, 0);

        Assert.Equal(TimeSpan.FromMilliseconds(250), TimerSweepLoop.WaitFor(now, now + Duration.FromMilliseconds(250)));
        Assert.Equal(TimeSpan.FromMilliseconds(1), TimerSweepLoop.WaitFor(now, now + Duration.FromMilliseconds(1)));
        Assert.Equal(TimeSpan.Zero, TimerSweepLoop.WaitFor(now, now - Duration.FromMilliseconds(5)));
        Assert.Equal(TimerSweepLoop.Interval, TimerSweepLoop.WaitFor(now, now + Duration.FromSeconds(5)));
        Assert.Equal(TimerSweepLoop.Interval, TimerSweepLoop.WaitFor(now, null));
    }

    /// <summary>
    /// No timer fired before its due time or due after <paramref name="now"/>; none due by then still
    /// pending. On PostgreSQL a sweep skips a timer the app's own loop is firing (the row is locked), so
    /// that commit may land a moment after ours returned.
    /// </summary>
    private static async Task AssertNoneEarlyAndNoneLeftAsync(HostDb rows, long now)
    {
        Assert.Equal(0, rows.Count("SELECT count(*) FROM timers WHERE status = 'fired' AND (fired_at < due_at OR due_at > @now)", new { now }));
        for (var waited = 0; rows.Count("SELECT count(*) FROM timers WHERE status = 'pending' AND due_at <= @now", new { now }) > 0; waited += 50)
        {
            Assert.True(waited < 5000, $"timers due by {now} still pending");
            await Task.Delay(50);
        }
    }

    private void MoveTo(long unixMilliseconds) => clock.Advance(DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds) - clock.GetUtcNow());

    /// <summary>
    /// The metric once it reaches <paramref name="expected"/> (ten seconds at most): the app's own sweep loop runs on
    /// this clock too, and counts a timer just after the commit this test may already have read.
    /// </summary>
    private static async Task<long> FiredTotalAsync(TestHost host, long expected)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var total = FiredTotal(await host.Client.GetStringAsync("/metrics"));
            if (total == expected || waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                return total;
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Every timer the app handed to the engine and committed, summed over the kinds.</summary>
    private static long FiredTotal(string metrics) => metrics.Split('\n')
        .Where(line => line.StartsWith("supportbot_timers_fired_total{", StringComparison.Ordinal))
        .Sum(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    public void Dispose() => db?.Dispose();
}
