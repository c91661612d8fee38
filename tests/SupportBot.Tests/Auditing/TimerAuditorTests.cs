using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Quartz;
using SupportBot.Auditing;
using SupportBot.Core.Engine;
using SupportBot.Core.Policy;
using SupportBot.Hosting;
using SupportBot.Scheduling;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Slack.Fakes;
using SupportBot.Tests.Storage.Providers;

namespace SupportBot.Tests.Auditing;

/// <summary>
/// The real app on a SQLite file or a PostgreSQL database with the default preset: timers deleted
/// behind its back, then one audit; two instances auditing the same database at once.
/// </summary>
public sealed class TimerAuditorTests : IDisposable
{
    // A Monday morning: Severity 1 runs round the clock, so every clock below is running.
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly TestClock clock = new(T0);
    private readonly LogCapture logs = new();
    private TestDatabase? db;

    private HostDb Db => new(db!.Database);

    public void Dispose() => db?.Dispose();

    private async Task<TestHost> StartAsync(StorageProvider provider, Action<IServiceCollection>? services = null)
    {
        db = TestDatabase.Create(provider, migrate: false);
        var host = await TestHost.StartAsync(db, clock, services: services);
        // Only this test's audits run: the every-minute job could otherwise make a repair first.
        await (await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler()).PauseJob(TimerAuditJob.Key);
        return host;
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_auditor_repairs_exactly_the_cases_whose_running_clocks_waiting_page_or_follow_ups_lost_their_timers(StorageProvider provider)
    {
        await using var host = await StartAsync(provider, s => s.AddSingleton<ILoggerProvider>(logs));
        // SUP-000001 is paged at level 1 (L2 engineering, 30 minutes after opening) and nobody answers.
        await LocalPeople.ReportAsync(host, "pat", "Paged and unanswered");
        clock.Advance(TimeSpan.FromMinutes(31));
        await host.Get<TimerSweeper>().SweepAsync(CancellationToken.None);
        Assert.Equal(1, Db.Count("SELECT count(*) FROM case_events WHERE type = 'paged'"));
        await LocalPeople.ReportAsync(host, "nina", "New and unclaimed");
        await LocalPeople.ReportAsync(host, "carl", "Claimed with an update clock");
        await LocalPeople.ReportAsync(host, "paula", "Paused, waiting on the reporter");
        await LocalPeople.ReportAsync(host, "cleo", "Closed, not rated");
        await LocalPeople.ReportAsync(host, "hal", "Healthy, left alone");
        await Click("agent-1", "case.claim", "SUP-000003");
        await Click("agent-1", "case.claim", "SUP-000004");
        await Click("agent-1", "case.ask", "SUP-000004", new() { ["question"] = "Which building?" });
        await Click("agent-1", "case.resolve", "SUP-000005", new() { ["outcome"] = "fixed", ["summary"] = "Rebooted the controller" });
        await host.PostAsync(LocalPeople.Click("cleo", "dm:cleo", "reporter.fixed", new() { ["case"] = CaseId("SUP-000005") }));
        Assert.Equal("closed", Db.Text("SELECT status FROM cases WHERE number = 'SUP-000005'"));
        Assert.Equal("waiting-on-customer", Db.Text("SELECT status FROM cases WHERE number = 'SUP-000004'"));

        foreach (var stuck in new[] { "SUP-000001", "SUP-000002", "SUP-000003", "SUP-000004", "SUP-000005" })
        {
            Db.Execute("DELETE FROM timers WHERE case_id = @id", new { id = CaseId(stuck) });
        }
        var healthy = PendingKeys("SUP-000006");
        // Read two open cases at a time, so the broken ones are found across pages.
        host.Get<TimerAuditor>().PageSize = 2;

        var repairs = await host.Get<TimerAuditor>().AuditAsync(CancellationToken.None);

        Assert.Equal(
            ["SUP-000001: page, update, ladder", "SUP-000002: response, update, ladder", "SUP-000003: update, ladder, claim-lapse",
                "SUP-000004: auto-close", "SUP-000005: rating, postmortem"],
            repairs.Select(r => $"{r.CaseNumber}: {string.Join(", ", r.Clocks)}").Order(StringComparer.Ordinal));
        Assert.Equal(["ladder:2", "ladder:3", "page:1", "update"], PendingKeys("SUP-000001"));
        Assert.Equal(["ladder:1", "ladder:2", "ladder:3", "response:0.5", "response:0.8", "response:1", "update"], PendingKeys("SUP-000002"));
        Assert.Equal(["claim-lapse", "ladder:1", "ladder:2", "ladder:3", "update"], PendingKeys("SUP-000003"));
        // Paused while waiting on the reporter: only the auto-close. Closed: the rating request and the postmortem.
        Assert.Equal(["auto-close"], PendingKeys("SUP-000004"));
        Assert.Equal(["csat", "postmortem"], PendingKeys("SUP-000005"));
        Assert.Equal(healthy, PendingKeys("SUP-000006"));
        // The page was sent at T0+31m; its 30-minute timeout is kept, not moved to now.
        Assert.Equal(T0.AddMinutes(61).ToUnixTimeMilliseconds(), Db.Count("SELECT due_at FROM timers WHERE key = 'page:1' AND status = 'pending'"));

        var metrics = await host.Client.GetStringAsync("/metrics");
        Assert.Contains("supportbot_auditor_repairs_total{clock=\"page\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("supportbot_auditor_repairs_total{clock=\"ladder\"} 3\n", metrics, StringComparison.Ordinal);
        Assert.Contains("supportbot_auditor_audits_total 1\n", metrics, StringComparison.Ordinal);
        foreach (var number in new[] { "SUP-000001", "SUP-000002", "SUP-000003", "SUP-000004", "SUP-000005" })
        {
            Assert.Single(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains($"Case {number} had no pending timer", StringComparison.Ordinal));
        }
        Assert.Empty(await host.Get<TimerAuditor>().AuditAsync(CancellationToken.None));

        // The repaired timeout does its job: no answer by T0+61m repeats the page.
        clock.Advance(TimeSpan.FromMinutes(30));
        await host.Get<TimerSweeper>().SweepAsync(CancellationToken.None);
        Assert.Equal(["1", "2"], Db.Texts($"SELECT {db!.Database.Dialect.JsonText("e.data", "attempt")} FROM case_events e JOIN cases c ON c.id = e.case_id " +
            "WHERE c.number = 'SUP-000001' AND e.type = 'paged' ORDER BY e.id"));

        async Task Click(string user, string verb, string number, Dictionary<string, string>? data = null)
        {
            var fields = new Dictionary<string, string>(data ?? []) { ["case"] = CaseId(number) };
            await host.PostAsync(LocalPeople.Click(user, "triage", verb, fields));
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_overdue_update_reminder_that_was_lost_fires_at_once_after_the_repair_and_a_healthy_desk_needs_none(StorageProvider provider)
    {
        await using var host = await StartAsync(provider);
        await LocalPeople.ReportAsync(host, "carl", "Claimed and quiet");
        await host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.claim", new() { ["case"] = CaseId("SUP-000001") }));
        Assert.Empty(await host.Get<TimerAuditor>().AuditAsync(CancellationToken.None));

        Db.Execute("DELETE FROM timers WHERE key = 'update'");
        clock.Advance(TimeSpan.FromMinutes(45));
        var repair = Assert.Single(await host.Get<TimerAuditor>().AuditAsync(CancellationToken.None));

        // The repair wakes the sweep at once; this sweep beside it cannot fire the same timer twice. On
        // PostgreSQL it skips the timer while the woken sweep holds it, so wait for that one's commit.
        await host.Get<TimerSweeper>().SweepAsync(CancellationToken.None);
        await UntilAsync(() => Db.Count("SELECT count(*) FROM timers WHERE key = 'update' AND status = 'fired'") == 1);

        Assert.Equal(["update"], repair.Clocks);
        Assert.Equal(clock.GetUtcNow(), repair.Timers.Single().DueAt.ToDateTimeOffset());
        Assert.Equal(1, Db.Count("SELECT count(*) FROM case_events WHERE type = 'update-reminder'"));
        Assert.Equal(clock.GetUtcNow().AddMinutes(30).ToUnixTimeMilliseconds(), Db.Count("SELECT due_at FROM timers WHERE key = 'update' AND status = 'pending'"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Two_instances_auditing_at_once_repair_a_broken_case_once(StorageProvider provider)
    {
        await using var host = await StartAsync(provider);
        await LocalPeople.ReportAsync(host, "carl", "Claimed and quiet");
        await host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.claim", new() { ["case"] = CaseId("SUP-000001") }));
        var needed = PendingKeys("SUP-000001");
        var auditors = new[] { host.Get<TimerAuditor>(), SecondInstance(host) };

        for (var round = 0; round < 10; round++)
        {
            Db.Execute("DELETE FROM timers WHERE key = 'update' OR key LIKE 'ladder:%'");

            var repairs = await Task.WhenAll(auditors.Select(a => Task.Run(() => a.AuditAsync(CancellationToken.None))));

            Assert.Single(repairs.SelectMany(r => r));
            Assert.Equal(needed, PendingKeys("SUP-000001"));
        }
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_audit_that_waits_for_another_instances_repair_of_the_case_sees_it_and_repairs_nothing(StorageProvider provider)
    {
        await using var host = await StartAsync(provider);
        await LocalPeople.ReportAsync(host, "carl", "Claimed and quiet");
        await host.PostAsync(LocalPeople.Click("agent-1", "triage", "case.claim", new() { ["case"] = CaseId("SUP-000001") }));
        var id = CaseId("SUP-000001");
        var needed = PendingKeys("SUP-000001");
        Db.Execute("CREATE TABLE lost_timers AS SELECT case_id, key, kind, due_at, set_at FROM timers WHERE case_id = @id AND status = 'pending'", new { id });
        Db.Execute("DELETE FROM timers WHERE case_id = @id", new { id });

        // The other instance holds the case (as its own audit or a step does) and puts the timers back, uncommitted yet.
        var other = db!.OpenAnother();
        using var connection = other.Open();
        using var repair = other.BeginWrite(connection);
        connection.Execute($"SELECT version FROM cases WHERE id = @id{other.Dialect.ForUpdate}", new { id }, repair);
        connection.Execute("INSERT INTO timers (case_id, key, kind, due_at, set_at, status) SELECT case_id, key, kind, due_at, set_at, 'pending' FROM lost_timers",
            transaction: repair);
        var audit = Task.Run(() => host.Get<TimerAuditor>().AuditAsync(CancellationToken.None));
        await WaitUntilBlockedAsync(provider, audit);
        repair.Commit();

        Assert.Empty(await audit);
        Assert.Equal(needed, PendingKeys("SUP-000001"));
    }

    private TimerAuditor SecondInstance(TestHost host) => new(
        db!.OpenAnother(), host.Get<ConversationEngine>(), host.Get<SupportPolicy>(), clock, host.Get<TimerWake>(), host.Get<AuditorMetrics>(),
        NullLogger<TimerAuditor>.Instance);

    private static async Task UntilAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "The condition never held.");
            await Task.Delay(10);
        }
    }

    /// <summary>
    /// PostgreSQL: until the audit waits on the case's row lock. SQLite: the audit waits for the write lock
    /// as soon as it begins, which cannot be observed from here; if it has not begun by the commit it
    /// simply reads the repaired timers.
    /// </summary>
    private async Task WaitUntilBlockedAsync(StorageProvider provider, Task audit)
    {
        if (provider == StorageProvider.Postgres)
        {
            await UntilAsync(() => audit.IsCompleted
                || Db.Count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0);
            Assert.False(audit.IsCompleted, "The audit finished without waiting for the other instance's repair.");
        }
    }

    private string CaseId(string number) => Db.Text("SELECT id FROM cases WHERE number = @number", new { number })!;

    private List<string> PendingKeys(string number) =>
        [.. Db.Texts("SELECT key FROM timers WHERE case_id = @id AND status = 'pending' ORDER BY key", new { id = CaseId(number) })];
}
