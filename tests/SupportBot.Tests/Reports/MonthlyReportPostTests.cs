using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Quartz;
using SupportBot.Core.Engine;
using SupportBot.Core.Policy;
using SupportBot.Local;
using SupportBot.Outbox;
using SupportBot.Reports;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Policy;
using SupportBot.Tests.Storage.Providers;

namespace SupportBot.Tests.Reports;

/// <summary>
/// The monthly post on the real app and a SQLite file or a PostgreSQL database. The preset's business calendar (Mon–Fri
/// 09:00–17:00 UTC) is given a bank holiday on Monday 3 August 2026; 1 August is a Saturday, so
/// July's report is due on Tuesday 4 August at 09:00.
/// </summary>
public sealed class MonthlyReportPostTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-report-").FullName;
    private readonly TestClock clock = new(new DateTimeOffset(2026, 7, 20, 10, 0, 0, TimeSpan.Zero));

    private TestDatabase? db;

    private HostDb Db => new(db!.Database);

    private Task<TestHost> StartAsync(StorageProvider provider, string? policy = null)
    {
        db ??= TestDatabase.Create(provider, migrate: false);
        return TestHost.StartAsync(db, clock, policy);
    }

    private string PolicyWithBankHoliday()
    {
        var preset = File.ReadAllText(PolicyYaml.RepositoryFile("policies/operational-guide.yml"));
        Assert.Contains("holidays: []", preset, StringComparison.Ordinal);
        var path = Path.Combine(folder, "policy.yml");
        File.WriteAllText(path, preset.Replace("holidays: []", "holidays: [2026-08-03]", StringComparison.Ordinal));
        return path;
    }

    private void SetClock(DateTimeOffset at) => clock.Advance(at - clock.GetUtcNow());

    private long ReportsPosted => Db.Count("SELECT count(*) FROM outbox WHERE lane = 'local:managers' AND payload LIKE '%monthly-report%'");

    [Theory, SqliteData, PostgresData]
    public async Task Julys_report_goes_to_the_managers_once_on_the_first_working_day_after_a_weekend_and_a_bank_holiday_and_not_again_after_a_restart(StorageProvider provider)
    {
        var policy = PolicyWithBankHoliday();
        await using (var host = await StartAsync(provider, policy))
        {
            await LocalPeople.ReportAsync(host, "rita", "Wifi down in July");
            var poster = host.Get<MonthlyReportPoster>();
            foreach (var notYet in new[] { new DateTimeOffset(2026, 8, 1, 9, 0, 0, TimeSpan.Zero), new(2026, 8, 3, 10, 0, 0, TimeSpan.Zero), new(2026, 8, 4, 8, 59, 0, TimeSpan.Zero) })
            {
                SetClock(notYet);
                await poster.PostIfDueAsync(CancellationToken.None);
                Assert.Equal(0, ReportsPosted);
            }

            SetClock(new DateTimeOffset(2026, 8, 4, 9, 0, 0, TimeSpan.Zero));
            await poster.PostIfDueAsync(CancellationToken.None);
            await poster.PostIfDueAsync(CancellationToken.None);

            Assert.Equal(1, ReportsPosted);
            Assert.Equal(["2026-07"], Db.Texts("SELECT month FROM monthly_reports"));
            await host.Get<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);
            var card = Assert.Single(host.Get<LocalChannel>().Messages("managers"), m => m.Template == "monthly-report");
            Assert.Equal("SLA report for July 2026", card.Data["title"]!.GetValue<string>());
            Assert.Contains("1 opened", card.Data["totals"]![0]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        clock.Advance(TimeSpan.FromHours(1));
        await using (var host = await StartAsync(provider, policy))
        {
            Assert.Null(await host.Get<MonthlyReportPoster>().PostIfDueAsync(CancellationToken.None));
            Assert.Equal(1, ReportsPosted);
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task Two_instances_running_the_job_at_the_same_moment_post_the_report_once(StorageProvider provider)
    {
        await using var host = await StartAsync(provider, PolicyWithBankHoliday());
        await LocalPeople.ReportAsync(host, "rita", "Wifi down in July");
        SetClock(new DateTimeOffset(2026, 8, 4, 9, 0, 0, TimeSpan.Zero));
        var posters = new[]
        {
            host.Get<MonthlyReportPoster>(),
            new MonthlyReportPoster(db!.OpenAnother(), host.Get<SupportPolicy>(), host.Get<IDeskSource>(), clock, host.Get<OutboxSignal>(),
                NullLogger<MonthlyReportPoster>.Instance),
        };

        var posted = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => posters[i % 2].PostIfDueAsync(CancellationToken.None))));

        Assert.Single(posted, month => month is not null);
        Assert.Equal(1, ReportsPosted);
        Assert.Equal(1, Db.Count("SELECT count(*) FROM monthly_reports r JOIN outbox o ON o.id = r.outbox_id WHERE o.lane = 'local:managers'"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_desk_that_had_no_case_by_the_end_of_the_month_posts_no_report_for_it(StorageProvider provider)
    {
        SetClock(new DateTimeOffset(2026, 8, 4, 9, 0, 0, TimeSpan.Zero));
        await using var host = await StartAsync(provider, PolicyWithBankHoliday());
        await LocalPeople.ReportAsync(host, "rita", "Wifi down in August");

        Assert.Null(await host.Get<MonthlyReportPoster>().PostIfDueAsync(CancellationToken.None));
        Assert.Equal(0, ReportsPosted);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_post_is_a_recurring_calendar_job_of_the_apps_scheduler(StorageProvider provider)
    {
        await using var host = await StartAsync(provider);
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var trigger = Assert.IsAssignableFrom<ICronTrigger>(Assert.Single(await scheduler.GetTriggersOfJob(MonthlyReportJob.Key)));
        Assert.Equal("30 * * * * ?", trigger.CronExpressionString);
    }

    public void Dispose()
    {
        db?.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}
