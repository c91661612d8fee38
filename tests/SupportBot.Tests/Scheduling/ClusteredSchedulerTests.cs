using Quartz;
using SupportBot.Scheduling;
using SupportBot.Tests.Storage.Providers;
using Xunit.Abstractions;

namespace SupportBot.Tests.Scheduling;

/// <summary>
/// Quartz's clustered store as the app configures it (<see cref="ClusteredJobStore"/>): two nodes on
/// one PostgreSQL database stand for two instances, each declaring the same calendar jobs at start-up
/// as the app does. These wait on the real clock: that is what a cluster's check-ins run on.
/// </summary>
public sealed class ClusteredSchedulerTests(ITestOutputHelper output) : IAsyncDisposable
{
    private const string Group = "supportbot-tests";

    // Unique per test, so that a probe never hears another test's jobs.
    private readonly string prefix = "probe-" + Guid.NewGuid().ToString("N")[..8] + "-";
    private readonly List<IScheduler> nodes = [];
    private readonly List<string> jobs = [];
    private TestDatabase? db;
    private int hung;

    /// <summary>Generous for a busy test machine: the promise, plus two seconds to start the job.</summary>
    private static TimeSpan RecoveryBound => ClusteredJobStore.RecoveryWithin + TimeSpan.FromSeconds(2);

    [Theory, PostgresData]
    public async Task Two_instances_run_each_slot_of_a_calendar_job_once_between_them(StorageProvider provider)
    {
        // Four jobs every second, so that both nodes have firings to compete for.
        var probe = Declare(4, new Probe());
        db = TestDatabase.Create(provider);
        await StartNodeAsync();
        await StartNodeAsync();

        await WaitUntilAsync(() => probe.Runs.Count >= 40, TimeSpan.FromSeconds(40));
        await StopAllAsync();

        var runs = probe.Runs;
        output.WriteLine(string.Join(", ", runs.GroupBy(r => r.Node).Select(g => $"{g.Key}: {g.Count()} runs")));
        Assert.True(runs.Count >= 40, $"only {runs.Count} runs");
        Assert.All(runs.GroupBy(r => (r.Job, r.Slot)), slot => Assert.Single(slot));
        Assert.Equal(2, runs.Select(r => r.Node).Distinct().Count());
        Assert.DoesNotContain(runs, r => r.Recovering);
    }

    [Theory, PostgresData]
    public async Task A_run_cut_off_by_its_instances_death_runs_again_on_the_other_within_the_recovery_bound(StorageProvider provider)
    {
        var letGo = new TaskCompletionSource();
        // The first run hangs, as a job does on an instance that has died under it.
        var probe = Declare(1, new Probe { Behaviour = (_, _) => Interlocked.Exchange(ref hung, 1) == 0 ? letGo.Task : Task.CompletedTask });
        db = TestDatabase.Create(provider);
        await StartNodeAsync();
        await StartNodeAsync();
        await WaitUntilAsync(() => probe.Runs.Count > 0, TimeSpan.FromSeconds(30));
        var cutOff = probe.Runs[0];
        var dying = nodes.Single(n => n.SchedulerInstanceId == cutOff.Node);

        // Stop without waiting and without a word to the cluster about the running job: from the
        // others' side this is a process that vanished mid-job, once it has stopped checking in.
        await dying.Shutdown(waitForJobsToComplete: false);
        var died = TimeProvider.System.GetTimestamp();
        await WaitUntilAsync(() => probe.Runs.Any(r => r.Recovering), RecoveryBound + TimeSpan.FromSeconds(10));
        var recovered = probe.Runs.FirstOrDefault(r => r.Recovering);
        await WaitUntilAsync(() => probe.Runs.Count(r => !r.Recovering && r.Node != cutOff.Node) >= 2, TimeSpan.FromSeconds(10));
        letGo.SetResult();

        Assert.NotNull(recovered);
        var after = TimeProvider.System.GetElapsedTime(died, recovered.StartedAt);
        output.WriteLine($"recovered on the other node {after.TotalSeconds:F1} s after the first was stopped");
        Assert.NotEqual(cutOff.Node, recovered.Node);
        Assert.Equal(new TriggerKey(jobs[0] + "-every-second", Group), recovered.RecoveringTrigger);
        // The recovery is that firing again (Quartz stamps it with the firing's actual time, not its slot).
        Assert.InRange(recovered.Slot - cutOff.Slot, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.True(after <= RecoveryBound, $"recovered after {after.TotalSeconds:F1} s, bound {RecoveryBound.TotalSeconds} s");
        // The calendar goes on, on the survivor.
        Assert.True(probe.Runs.Count(r => !r.Recovering && r.Node != cutOff.Node) >= 2);
    }

    private Probe Declare(int count, Probe probe)
    {
        for (var i = 0; i < count; i++)
        {
            jobs.Add(prefix + i);
            ProbeJob.Probes[prefix + i] = probe;
        }
        return probe;
    }

    private async Task StartNodeAsync()
    {
        var scheduler = await QuartzSchedulerBuilder.Create(q =>
        {
            ClusteredJobStore.Configure(q, db!.PostgresConnectionString!);
            q.UseDefaultThreadPool(2);
            foreach (var job in jobs)
            {
                q.AddCalendarJob<ProbeJob>(new JobKey(job, Group), job + "-every-second", "* * * * * ?",
                    c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing));
            }
        }).BuildScheduler();
        nodes.Add(scheduler);
        await scheduler.Start();
    }

    private static async Task WaitUntilAsync(Func<bool> done, TimeSpan limit)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(TimeProvider.System.TimestampFrequency * limit.TotalSeconds);
        while (!done() && TimeProvider.System.GetTimestamp() < deadline)
        {
            await Task.Delay(50);
        }
    }

    private async Task StopAllAsync()
    {
        foreach (var node in nodes.Where(n => n.Status is not (SchedulerStatus.Shutdown or SchedulerStatus.ShuttingDown)))
        {
            await node.Shutdown(waitForJobsToComplete: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAllAsync();
        foreach (var job in jobs)
        {
            ProbeJob.Probes.TryRemove(job, out _);
        }
        db?.Dispose();
    }
}
