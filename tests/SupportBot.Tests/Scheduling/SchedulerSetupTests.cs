using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;
using SupportBot.Auditing;
using SupportBot.Lint;
using SupportBot.Reports;
using SupportBot.Retention;
using SupportBot.Scheduling;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Storage.Providers;

namespace SupportBot.Tests.Scheduling;

/// <summary>The app's scheduler as each provider sets it up: what is a Quartz job, where Quartz keeps it, and what every instance runs.</summary>
public sealed class SchedulerSetupTests : IDisposable
{
    private static readonly JobKey[] CalendarJobs =
    [
        HousekeepingJob.Key, MonthlyReportJob.Key, TimerAuditJob.Key, PolicyLintJob.Key, RetentionJob.Key,
    ];

    private readonly TestClock clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    private readonly string folder = Path.Combine(Path.GetTempPath(), "supportbot-tests", Guid.NewGuid().ToString("N"));
    private TestDatabase? db;

    [Fact]
    public async Task With_SQLite_the_calendar_jobs_run_in_memory_ask_for_recovery_and_the_sweep_is_a_loop_of_its_own()
    {
        Directory.CreateDirectory(folder);
        await using var host = await TestHost.StartAsync(Path.Combine(folder, "supportbot.db"), clock);
        var scheduler = await host.Get<ISchedulerFactory>().GetScheduler();

        var meta = await scheduler.GetMetadata();
        Assert.False(meta.JobStoreClustered);
        Assert.False(meta.JobStorePersistent);
        await AssertCalendarJobsOnlyAsync(scheduler);
        Assert.Single(host.Services.GetServices<IHostedService>().OfType<TimerSweepLoop>());
    }

    [Theory, PostgresData]
    public async Task With_PostgreSQL_every_instance_is_a_node_of_one_clustered_scheduler_and_runs_its_own_sweep(StorageProvider provider)
    {
        db = TestDatabase.Create(provider);
        var settings = new Dictionary<string, string?>
        {
            ["SupportBot:Storage:Provider"] = "Postgres",
            ["SupportBot:Storage:PostgresConnectionString"] = db.PostgresConnectionString,
            ["SupportBot:Storage:FilesPath"] = folder,
        };
        await using var first = await TestHost.StartAsync(Path.Combine(folder, "unused.db"), clock, settings: settings);
        await using var second = await TestHost.StartAsync(Path.Combine(folder, "unused.db"), clock, settings: settings);
        var schedulers = new[] { await first.Get<ISchedulerFactory>().GetScheduler(), await second.Get<ISchedulerFactory>().GetScheduler() };

        foreach (var scheduler in schedulers)
        {
            var meta = await scheduler.GetMetadata();
            Assert.True(meta.JobStoreClustered);
            Assert.Equal(ClusteredJobStore.SchedulerName, scheduler.SchedulerName);
            await AssertCalendarJobsOnlyAsync(scheduler);
        }
        Assert.NotEqual(schedulers[0].SchedulerInstanceId, schedulers[1].SchedulerInstanceId);
        Assert.Single(first.Services.GetServices<IHostedService>().OfType<TimerSweepLoop>());
        Assert.Single(second.Services.GetServices<IHostedService>().OfType<TimerSweepLoop>());
    }

    /// <summary>The five calendar jobs, each asking to be run again if an instance dies under it; nothing else (the sweep is not one).</summary>
    private static async Task AssertCalendarJobsOnlyAsync(IScheduler scheduler)
    {
        var keys = await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup());
        Assert.Equal(CalendarJobs.OrderBy(k => k.Name), keys.OrderBy(k => k.Name));
        foreach (var key in keys)
        {
            Assert.True((await scheduler.GetJobDetail(key))!.RequestsRecovery, $"{key} does not ask for recovery");
            Assert.Single(await scheduler.GetTriggersOfJob(key));
        }
    }

    public void Dispose()
    {
        db?.Dispose();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
