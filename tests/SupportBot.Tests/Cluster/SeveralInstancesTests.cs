using System.Diagnostics;
using System.Net;
using SupportBot.Storage;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.OutOfProcess;
using SupportBot.Tests.Slack.Fakes;
using SupportBot.Tests.Storage.Providers;
using Xunit.Abstractions;

namespace SupportBot.Tests.Cluster;

/// <summary>
/// Three instances of the real app, each a child process on its own loopback port, sharing one
/// PostgreSQL database as behind a load balancer: the test sends each request to the instance it
/// picks, and every step of one report may land on a different one.
/// </summary>
public sealed class SeveralInstancesTests(ITestOutputHelper output) : IDisposable
{
    private const int Reports = 300;
    private const int InFlight = 50;
    private const int PreparingInFlight = 12;
    private const string SigningSecret = "cluster0test0signing0secret00001";
    private const string AgentA = "U0AGENTA";
    private const string AgentB = "U0AGENTB";

    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-cluster-").FullName;

    [PostgresFact]
    public async Task Three_instances_open_each_report_once_give_one_owner_and_fire_each_timer_once_when_one_is_killed_while_firing()
    {
        var clock = Stopwatch.StartNew();
        var opensAt = await WorkingDayOpensAtAsync();
        using var database = TestDatabase.Create(StorageProvider.Postgres, migrate: false);
        await using var slack = await FakeSlack.StartAsync();
        slack.AddUser(ClusterPolicy.OnCall, "oncall");
        slack.AddUser(AgentA, "ann");
        slack.AddUser(AgentB, "bob");
        var triage = slack.AddChannel(ClusterPolicy.TriageChannel, members: [AgentA, AgentB]);
        var requests = new SlackIntakeRequests(slack, SigningSecret);
        var options = Options(slack, triage, database.PostgresConnectionString!, opensAt);
        // All three start at once: each migrates, and the migration lock lets one do it.
        var instances = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => AppProcess.StartAsync(options)));
        try
        {
            output.WriteLine($"{clock.Elapsed:mm\\:ss} three instances ready on ports {string.Join(", ", instances.Select(i => i.Client.BaseAddress!.Port))}");
            await RunAsync(slack, requests, triage, instances, new HostDb(database.Database), clock, opensAt);
        }
        catch
        {
            foreach (var instance in instances)
            {
                output.WriteLine(instance.Output.Tail(40));
            }
            throw;
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    private async Task RunAsync(FakeSlack slack, SlackIntakeRequests requests, string triage, AppProcess[] instances, HostDb db, Stopwatch clock, DateTimeOffset opensAt)
    {
        // Each report opens its modal on one instance and answers it on the next: nothing of an intake lives in one process.
        var users = Enumerable.Range(0, Reports).Select(i => slack.AddUser($"U0C{i:D5}", $"reporter{i}").Id).ToList();
        using var preparing = new SemaphoreSlim(PreparingInFlight);
        var reports = await Task.WhenAll(users.Select(async (user, i) =>
        {
            await preparing.WaitAsync();
            try
            {
                return await requests.PrepareAsync(instances[i % 3].Client, user, $"cluster-{i:D4}", CancellationToken.None);
            }
            finally
            {
                preparing.Release();
            }
        }));
        output.WriteLine($"{clock.Elapsed:mm\\:ss} {reports.Length} reports at their preview");

        using var submitting = new SemaphoreSlim(InFlight);
        var results = await Task.WhenAll(reports.Select(async (report, i) =>
        {
            await submitting.WaitAsync();
            try
            {
                return await IntakeBurst.SubmitAsync(instances[(i + 1) % 3], requests, report, CancellationToken.None);
            }
            finally
            {
                submitting.Release();
            }
        }));
        output.WriteLine($"{clock.Elapsed:mm\\:ss} submitted: " + string.Join(", ", results.CountBy(r => r.Outcome).Select(c => $"{c.Value} {c.Key}")));
        Assert.All(results, r => Assert.True(r.Outcome == SubmissionOutcome.Acknowledged, $"{r.Report.Marker}: {r.Detail}"));
        var invariants = new ClusterInvariants(db, SqlDialect.Postgres, slack);
        invariants.CasesNumberedOnceEach(Reports);

        // Two agents claim one case at the same moment, through two instances.
        var contested = $"{ClusterPolicy.Prefix}-000007";
        await WaitForAsync(() => slack.Messages(triage).Any(m => m.Text?.Contains(contested, StringComparison.Ordinal) == true), "the contested case's triage card");
        var clicks = new SlackClicks(slack, requests);
        var claims = await Task.WhenAll(
            clicks.ClickAsync(instances[0].Client, AgentA, triage, contested, "case.claim", CancellationToken.None),
            clicks.ClickAsync(instances[1].Client, AgentB, triage, contested, "case.claim", CancellationToken.None));
        Assert.All(claims, c => Assert.Equal(HttpStatusCode.OK, c.StatusCode));
        var owners = db.Texts("SELECT owner_key FROM cases WHERE number = @contested AND owner_key IS NOT NULL", new { contested });
        Assert.True(owners.Count == 1 && owners[0] is "slack:" + AgentA or "slack:" + AgentB, $"owners of {contested}: {string.Join(", ", owners)}");
        Assert.Equal(1, db.Count("SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.number = @contested AND e.type = 'claimed'", new { contested }));

        // The working day opens after the burst: every case's clocks start then, and one instance dies while the timers fire.
        Assert.True(TimeProvider.System.GetUtcNow() < opensAt, $"the burst took past {opensAt:HH:mm:ss}, when the working day opens");
        var window = db.Rows<(long First, long Last, long Count)>(
            $"SELECT min(due_at), max(due_at), count(*) FROM timers WHERE {SqlDialect.Postgres.IsIn("key", "@keys")}", new { keys = ClusterPolicy.TimerKeys }).Single();
        output.WriteLine($"{clock.Elapsed:mm\\:ss} {window.Count} timers due within {TimeSpan.FromMilliseconds(window.Last - window.First).TotalSeconds:0.0} s");
        Assert.True(window.Count >= 1000, $"only {window.Count} timers");
        Assert.True(window.Last - window.First <= 10_000, "the burst's timers are spread over more than ten seconds");
        output.WriteLine($"{clock.Elapsed:mm\\:ss} waiting for the working day to open at {opensAt:HH:mm:ss}");
        await WaitForAsync(() => db.Count("SELECT count(*) FROM timers WHERE status = 'fired'") >= window.Count / 4, "a quarter of the timers to fire",
            opensAt - TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(40));
        instances[2].Kill();
        var firedAtKill = db.Count("SELECT count(*) FROM timers WHERE status = 'fired'");
        output.WriteLine($"{clock.Elapsed:mm\\:ss} killed the third instance (exit {instances[2].ExitCode}) with {firedAtKill} of {window.Count} timers fired");

        await WaitForAsync(() => db.Count("SELECT count(*) FROM timers WHERE status = 'pending' AND due_at <= @now", new { now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() }) == 0
            && db.Count("SELECT count(*) FROM outbox WHERE status = 'pending'") == 0, "every due timer fired and the outbox drained", TimeSpan.FromSeconds(90));
        output.WriteLine($"{clock.Elapsed:mm\\:ss} quiet: {db.Count("SELECT count(*) FROM outbox")} messages delivered by the two instances left");

        invariants.EveryTimerFiredOnce(except: contested);
        invariants.EveryMessageDeliveredOnce();
        Assert.True(invariants.Problems.Count == 0, $"{invariants.Problems.Count} problems\n{string.Join('\n', invariants.Problems.Take(40))}");
    }

    /// <summary>
    /// The first whole minute at least 75 s away, by when the reports are in; near midnight it waits for
    /// the next day, so the working day (that minute to 24:00) lasts long enough for every clock.
    /// </summary>
    private static async Task<DateTimeOffset> WorkingDayOpensAtAsync()
    {
        while (true)
        {
            var now = TimeProvider.System.GetUtcNow();
            var soon = now.AddSeconds(75);
            var opensAt = new DateTimeOffset(soon.Year, soon.Month, soon.Day, soon.Hour, soon.Minute, 0, TimeSpan.Zero).AddMinutes(1);
            if (opensAt.TimeOfDay < new TimeSpan(23, 58, 0) && opensAt.Date == soon.Date)
            {
                return opensAt;
            }
            await Task.Delay(now.Date.AddDays(1).AddSeconds(5) - now);
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException($"Waited {deadline.Elapsed.TotalSeconds:0} s for {what}.");
            }
            await Task.Delay(100);
        }
    }

    private AppProcessOptions Options(FakeSlack slack, string triage, string connectionString, DateTimeOffset opensAt) => new()
    {
        Policy = ClusterPolicy.WriteTo(folder, TimeOnly.FromTimeSpan(opensAt.TimeOfDay)),
        Environment = new Dictionary<string, string?>
        {
            ["SupportBot__Storage__Provider"] = "Postgres",
            ["SupportBot__Storage__PostgresConnectionString"] = connectionString,
            ["SupportBot__Storage__FilesPath"] = folder,
            ["SupportBot__Slack__BotToken"] = FakeSlack.BotToken,
            ["SupportBot__Slack__SigningSecret"] = SigningSecret,
            ["SupportBot__Slack__ApiBaseUrl"] = slack.ApiBaseUrl.AbsoluteUri,
            ["SupportBot__Slack__TriageChannel"] = triage,
            ["SupportBot__Slack__PostInterval"] = "00:00:00",
            ["SupportBot__Local__Enabled"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        },
    };

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
