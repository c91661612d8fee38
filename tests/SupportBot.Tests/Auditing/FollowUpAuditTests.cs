using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;
using SupportBot.Auditing;
using SupportBot.Hosting;
using SupportBot.Scheduling;
using SupportBot.Storage;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Tests.Auditing;

/// <summary>
/// The one-shot timers (claim lapse, auto-close, rating request, postmortem) deleted from the SQLite
/// file behind the app's back, and a healthy desk audited as its follow-ups fire over two weeks.
/// </summary>
public sealed class FollowUpAuditTests : IDisposable
{
    // A Monday morning; every case below is Severity 1 (24x7, with a bridge).
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private const string OneShotKeys = "('claim-lapse', 'auto-close', 'csat', 'postmortem')";
    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-follow-ups-").FullName;
    private readonly TestClock clock = new(T0);
    private readonly LogCapture logs = new();
    private TestHost? host;

    private string DatabasePath => Path.Combine(folder, "supportbot.db");

    private HostDb Db => new(DatabasePath);

    private TestHost Host => host!;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Every_lost_claim_lapse_auto_close_rating_and_postmortem_timer_is_found_restored_as_it_was_and_reported()
    {
        await using var started = await StartAsync();
        await LocalPeople.ReportAsync(Host, "carl", "Claimed and quiet");
        await LocalPeople.ReportAsync(Host, "wendy", "Waiting on the reporter");
        await LocalPeople.ReportAsync(Host, "rose", "Resolved, no answer yet");
        await LocalPeople.ReportAsync(Host, "cleo", "Closed without a rating");
        await Click("agent-1", "case.claim", "SUP-000001");
        await Click("agent-1", "case.ask", "SUP-000002", new() { ["question"] = "Which building?" });
        await Click("agent-1", "case.resolve", "SUP-000003", Fixed);
        await Click("agent-1", "case.resolve", "SUP-000004", Fixed);
        await Host.PostAsync(LocalPeople.Click("cleo", "dm:cleo", "reporter.fixed", new() { ["case"] = CaseId("SUP-000004") }));
        var before = OneShotTimers();
        Assert.Equal(
            ["SUP-000001 claim-lapse", "SUP-000002 auto-close", "SUP-000003 auto-close", "SUP-000003 csat", "SUP-000003 postmortem", "SUP-000004 csat", "SUP-000004 postmortem"],
            before.Select(t => t[..t.LastIndexOf(' ')]));

        Db.Execute($"DELETE FROM timers WHERE key IN {OneShotKeys}");
        var repairs = await Host.Get<TimerAuditor>().AuditAsync(CancellationToken.None);

        Assert.Equal(
            ["SUP-000001: claim-lapse", "SUP-000002: auto-close", "SUP-000003: auto-close, rating, postmortem", "SUP-000004: rating, postmortem"],
            repairs.Select(r => $"{r.CaseNumber}: {string.Join(", ", r.Clocks)}").Order(StringComparer.Ordinal));
        // The same timers, due at the same times, as the engine had set.
        Assert.Equal(before, OneShotTimers());
        var metrics = await Host.Client.GetStringAsync("/metrics");
        foreach (var (name, count) in new[] { ("claim-lapse", 1), ("auto-close", 2), ("rating", 2), ("postmortem", 2) })
        {
            Assert.Contains($"supportbot_auditor_repairs_total{{clock=\"{name}\"}} {count}\n", metrics, StringComparison.Ordinal);
        }
        foreach (var number in new[] { "SUP-000001", "SUP-000002", "SUP-000003", "SUP-000004" })
        {
            Assert.Single(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains($"Case {number} had no pending timer", StringComparison.Ordinal));
        }
        Assert.Empty(await Host.Get<TimerAuditor>().AuditAsync(CancellationToken.None));

        // The repaired lapse does its job: nobody acted within the 15-minute response target.
        clock.Advance(TimeSpan.FromMinutes(15));
        await Host.Get<TimerSweeper>().SweepAsync(CancellationToken.None);
        Assert.Equal(1, Db.Count("SELECT count(*) FROM case_events WHERE type = 'claim-lapsed'"));
    }

    [Fact]
    public async Task A_healthy_desk_needs_no_repair_as_its_follow_ups_fire_or_are_legitimately_absent()
    {
        await using var started = await StartAsync();
        foreach (var (user, title) in new[] { ("edna", "Escalated a tier"), ("mona", "Downgraded by its owner"), ("lars", "Claim lapses"),
            ("rose", "Resolved, then silence"), ("rita", "Rated and closed"), ("wendy", "Waiting, then silence") })
        {
            await LocalPeople.ReportAsync(Host, user, title);
        }
        await Click("agent-1", "case.claim", "SUP-000001");
        await Click("agent-1", "case.escalate", "SUP-000001", new() { ["escalateReason"] = "Needs L2" });
        await Click("manager-1", "case.claim", "SUP-000002");
        await Click("manager-1", "case.severity", "SUP-000002", new() { ["severity"] = "sev2", ["reason"] = "One site only" });
        // A severity change logged before the log said whose claim it kept: the same account still counts as the owner.
        Db.Execute("UPDATE case_events SET data = json_remove(data, '$.claimKept') WHERE type = 'severity-changed'");
        await Click("agent-2", "case.claim", "SUP-000003");
        await Click("agent-1", "case.resolve", "SUP-000004", Fixed);
        await Click("agent-1", "case.resolve", "SUP-000005", Fixed);
        await Host.PostAsync(LocalPeople.Click("rita", "dm:rita", "reporter.fixed", new() { ["case"] = CaseId("SUP-000005"), ["rating"] = "5" }));
        await Click("agent-1", "case.ask", "SUP-000006", new() { ["question"] = "Which building?" });
        Assert.Equal(["SUP-000003 claim-lapse", "SUP-000004 auto-close", "SUP-000004 csat", "SUP-000004 postmortem", "SUP-000005 postmortem", "SUP-000006 auto-close"],
            OneShotTimers().Select(t => t[..t.LastIndexOf(' ')]));
        Assert.Empty(await Host.Get<TimerAuditor>().AuditAsync(CancellationToken.None));

        // Each audit comes just after the sweep fired what was due: the claim lapse, the rating
        // request, the auto-close of the resolved case, then the postmortems and the waiting case's auto-close.
        foreach (var (after, fired) in new[] { (TimeSpan.FromMinutes(15), "claim-lapsed"), (TimeSpan.FromDays(1), "csat-requested"),
            (TimeSpan.FromDays(5), "auto-closed"), (TimeSpan.FromDays(14), "postmortem-reminder") })
        {
            clock.Advance(T0 + after - clock.GetUtcNow());
            await Host.Get<TimerSweeper>().SweepAsync(CancellationToken.None);
            Assert.NotEqual(0, Db.Count("SELECT count(*) FROM case_events WHERE type = @fired", new { fired }));
            Assert.Empty(await Host.Get<TimerAuditor>().AuditAsync(CancellationToken.None));
        }

        Assert.Equal(2, Db.Count("SELECT count(*) FROM case_events WHERE type = 'postmortem-reminder'"));
        Assert.Equal(["closed", "closed", "closed"], Db.Texts("SELECT status FROM cases WHERE number IN ('SUP-000004', 'SUP-000005', 'SUP-000006')"));
        Assert.Empty(OneShotTimers());
        // Closed cases done with their follow-ups are no longer read by the auditor at all.
        var database = Host.Get<IDatabase>();
        using var connection = database.Open();
        Assert.Empty(FollowUpCases.Ids(connection, database.Dialect));
    }

    private static Dictionary<string, string> Fixed => new() { ["outcome"] = "fixed", ["summary"] = "Rebooted the controller" };

    /// <summary>The app with the every-minute audit job paused, so that only the test's own audits run.</summary>
    private async Task<TestHost> StartAsync()
    {
        host = await TestHost.StartAsync(DatabasePath, clock, services: s => s.AddSingleton<ILoggerProvider>(logs));
        var scheduler = await Host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.PauseJob(TimerAuditJob.Key);
        return host;
    }

    private async Task Click(string user, string verb, string number, Dictionary<string, string>? data = null)
    {
        var fields = new Dictionary<string, string>(data ?? []) { ["case"] = CaseId(number) };
        await Host.PostAsync(LocalPeople.Click(user, "triage", verb, fields));
    }

    private string CaseId(string number) => Db.Text("SELECT id FROM cases WHERE number = @number", new { number })!;

    /// <summary>Pending one-shot timers as "case key due-at", in case and key order.</summary>
    private List<string> OneShotTimers() =>
        [.. Db.Texts($"SELECT c.number || ' ' || t.key || ' ' || t.due_at FROM timers t JOIN cases c ON c.id = t.case_id " +
            $"WHERE t.status = 'pending' AND t.key IN {OneShotKeys} ORDER BY c.number, t.key")];
}
