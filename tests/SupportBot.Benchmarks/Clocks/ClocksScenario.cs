using System.Diagnostics;
using Dapper;
using NodaTime;
using SupportBot.Core;
using SupportBot.Core.Engine;
using SupportBot.Hosting;
using SupportBot.Local;
using SupportBot.Policy;
using SupportBot.Slack;
using SupportBot.Teams;
using SupportBot.Tests.OutOfProcess;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Benchmarks.Clocks;

/// <summary>
/// A clock storm on a desk of 100,000 open cases. The cases are opened before the app starts, by the
/// product's engine in this process (<see cref="CaseSeeder"/>): 99,000 whose clocks run past the
/// run, and 1,000 outages opened ten minutes before one chosen second a little after the app is
/// ready, so their on-call pages all fall due within that second. The app runs on the real clock,
/// Slack is the loopback fake. Figures: each page's lateness (the outbox row's creation time minus its
/// timer's due time; never early), the cold start to /readyz on that database, and the app's peak
/// working set.
/// </summary>
public sealed class ClocksScenario : IScenario
{
    private const int Calm = 99_000;
    private const int Storm = 1_000;
    private const int FullDeskReports = 20;
    private const string SigningSecret = "clocks0bench0signing0secret00001";

    /// <summary>The least time from seeding to the storm's second, for the app to start; a tenth of the seeding time is added (a slow machine starts slowly).</summary>
    private static readonly TimeSpan StormLead = TimeSpan.FromSeconds(8);

    /// <summary>The storm comes at this second of a minute, so that the timer auditor's run at :15 follows it and the peak working set includes one audit.</summary>
    private const int StormSecondOfMinute = 8;

    public string Name => "clocks";

    public string Description => $"{Storm:N0} pages due in one second among {Calm + Storm:N0} open cases: lateness, peak working set, cold start";

    public async Task RunAsync(BenchRun run, BenchStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(store);
        var folder = run.NewFolder("clocks");
        var database = store.Create(folder);
        var policyPath = ClocksPolicy.WriteTo(folder);
        await using var slack = await FakeSlack.StartAsync();
        slack.AddUser(ClocksPolicy.OnCall, "oncall");
        var triage = slack.AddChannel(ClocksPolicy.TriageChannel);
        var settings = new Dictionary<string, string?>
        {
            ["SupportBot__Slack__BotToken"] = FakeSlack.BotToken,
            ["SupportBot__Slack__SigningSecret"] = SigningSecret,
            ["SupportBot__Slack__ApiBaseUrl"] = slack.ApiBaseUrl.AbsoluteUri,
            ["SupportBot__Slack__TriageChannel"] = triage,
        };

        var stormSecond = await SeedAsync(run, database, policyPath, slack, triage, ct);
        using var db = new ClocksDatabase(database);
        var watch = Stopwatch.StartNew();
        await using var app = await AppProcess.StartAsync(BenchApp.Options(database, policyPath, settings), ct);
        var coldStart = watch.Elapsed;
        var untilStorm = stormSecond - TimeProvider.System.GetCurrentInstant();
        run.Log($"{Name} ({store.Name}): app ready in {coldStart.TotalMilliseconds:F0} ms, {untilStorm.TotalSeconds:F1} s before the storm");
        if (untilStorm < Duration.FromMilliseconds(500))
        {
            throw new InvalidOperationException($"The app took {coldStart.TotalSeconds:F1} s to start: the storm's second had nearly come before it was ready.");
        }

        await WaitForStormAsync(db, stormSecond, app, ct);
        var committed = TimeProvider.System.GetCurrentInstant() - stormSecond;
        var lateness = db.PageLateness();
        Check(db, lateness);
        await WaitForAuditAsync(app, ct);
        var peak = ProcessMemory.PeakWorkingSet(app.Id);
        var (previews, submits) = await IntakeOnFullDeskAsync(app, slack, ct);
        run.Log($"{Name} ({store.Name}): {lateness.Count} pages, lateness p50 {Ms(lateness.P50)}, p99 {Ms(lateness.P99)}, max {Ms(lateness.Max)}; " +
            $"all committed {committed.TotalSeconds:F1} s after the second began; peak working set {peak / (1024 * 1024)} MB (a timer audit included)");
        Add(run, store, "page lateness p50 (1,000 due in one second)", lateness.P50.TotalMilliseconds, "ms", null);
        Add(run, store, "page lateness p99", lateness.P99.TotalMilliseconds, "ms", new Target("≤ 1 s", lateness.P99 <= TimeSpan.FromSeconds(1)));
        Add(run, store, "page lateness max", lateness.Max.TotalMilliseconds, "ms", new Target("≤ 3 s", lateness.Max <= TimeSpan.FromSeconds(3)));
        Add(run, store, "pages early", lateness.Early, "", new Target("0", lateness.Early == 0));
        Add(run, store, "last page committed, after its second began", committed.TotalMilliseconds, "ms", null);
        Add(run, store, "peak working set, 100,000 open cases", peak / (1024.0 * 1024), "MB", new Target("≤ 300 MB", peak <= 300L * 1024 * 1024));
        run.Log($"{Name} ({store.Name}): {FullDeskReports} reports one after another on that desk: command to preview p50 {Ms(previews.P50)}, max {Ms(previews.Max)}; " +
            $"submit p50 {Ms(submits.P50)}, max {Ms(submits.Max)}");
        Add(run, store, "intake command to preview, 100,000 open cases (p50)", previews.P50.TotalMilliseconds, "ms", null);
        Add(run, store, "intake submit acknowledged, 100,000 open cases (max)", submits.Max.TotalMilliseconds, "ms",
            new Target("≤ 1 s", submits.Max <= TimeSpan.FromSeconds(1)));
        Add(run, store, "cold start to /readyz, 100,000 open cases", coldStart.TotalMilliseconds, "ms", new Target("≤ 3 s", coldStart <= TimeSpan.FromSeconds(3)));
    }

    /// <summary>Opens the 99,000 calm cases now and the 1,000 outages ten minutes before the storm's second; returns that second.</summary>
    private static async Task<Instant> SeedAsync(BenchRun run, BenchDatabase database, string policyPath, FakeSlack slack, string triage, CancellationToken ct)
    {
        var loaded = PolicyLoader.Load(policyPath);
        var policy = loaded.Policy ?? throw new InvalidOperationException("The benchmark's policy does not load: " + string.Join("; ", loaded.Errors));
        var slackOptions = new SlackOptions { BotToken = FakeSlack.BotToken, SigningSecret = SigningSecret, TriageChannel = triage };
        var desk = EngineSetup.DeskFor(new LocalOptions { Enabled = false }, slackOptions, new TeamsOptions());
        var target = database.Open();
        using var disposeTarget = target as IDisposable;
        target.Migrate();
        // Each new case posted one message, its triage card, which the app updates when it pages.
        var seeder = new CaseSeeder(target, policy, desk, op => op is PostMessage { To.Id: var channel } && channel == triage
            ? slack.AddBotMessage(channel, op.CaseNumber ?? "")
            : throw new InvalidOperationException($"A new case wrote an unexpected {op.GetType().Name} to {op.Lane}."));
        var watch = Stopwatch.StartNew();
        var calmAt = TimeProvider.System.GetCurrentInstant();
        var delivered = await seeder.OpenAsync(0, Calm, ClocksPolicy.OnePerson, _ => calmAt, ct);
        run.Log($"clocks: {Calm:N0} cases opened in {watch.Elapsed.TotalSeconds:F1} s");
        var earliest = TimeProvider.System.GetCurrentInstant() + Duration.FromTimeSpan(StormLead + (watch.Elapsed / 10));
        var minute = earliest.ToUnixTimeSeconds() / 60 * 60;
        var stormSecond = Instant.FromUnixTimeSeconds(minute + StormSecondOfMinute);
        if (stormSecond < earliest)
        {
            stormSecond += Duration.FromMinutes(1);
        }
        // Spread over the second: page i falls due i ms into it.
        var openedAt = stormSecond - Duration.FromTimeSpan(ClocksPolicy.PageAfter);
        delivered += await seeder.OpenAsync(Calm, Storm, ClocksPolicy.Outage, i => openedAt + Duration.FromMilliseconds(i), ct);
        run.Log($"clocks: {Calm + Storm:N0} cases opened and {delivered:N0} messages marked delivered in {watch.Elapsed.TotalSeconds:F1} s; " +
            $"storm at {stormSecond:HH:mm:ss}");
        return stormSecond;
    }

    private static async Task WaitForStormAsync(ClocksDatabase db, Instant stormSecond, AppProcess app, CancellationToken ct)
    {
        var deadline = stormSecond + Duration.FromSeconds(30);
        while (db.FiredPages() < Storm)
        {
            if (TimeProvider.System.GetCurrentInstant() > deadline || app.HasExited)
            {
                throw new InvalidOperationException(
                    $"{db.FiredPages()} of {Storm} pages fired by 30 s after their second.\n{app.Output.Tail(30)}");
            }
            await Task.Delay(200, ct);
        }
    }

    /// <summary>Until the app's timer auditor has read every open case once (it runs at :15 each minute).</summary>
    private static async Task WaitForAuditAsync(AppProcess app, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        while (!(await app.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative), ct)).Split('\n')
            .Any(line => line.StartsWith("supportbot_auditor_audits_total ", StringComparison.Ordinal) && !line.EndsWith(" 0", StringComparison.Ordinal)))
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(120) || app.HasExited)
            {
                throw new InvalidOperationException($"No timer audit completed within two minutes.\n{app.Output.Tail(30)}");
            }
            await Task.Delay(200, ct);
        }
    }

    /// <summary>
    /// Reports made one after another on the full desk, after the storm: the preview looks for an incident
    /// to join and the submit opens the case, so each shows what one report costs when 100,000 are open.
    /// </summary>
    private static async Task<(Latencies Previews, Latencies Submits)> IntakeOnFullDeskAsync(AppProcess app, FakeSlack slack, CancellationToken ct)
    {
        var requests = new SlackIntakeRequests(slack, SigningSecret);
        var more = new Dictionary<string, string> { ["impact"] = ClocksPolicy.OnePerson };
        var previews = new Latencies();
        var submits = new Latencies();
        for (var i = 0; i < FullDeskReports; i++)
        {
            var user = slack.AddUser($"U0FULL{i:D3}", $"late{i}").Id;
            var watch = Stopwatch.StartNew();
            var report = await requests.PrepareAsync(app.Client, user, $"full-desk-{i:D3}", ct, more);
            previews.Add(watch.Elapsed);
            watch.Restart();
            var submitted = await IntakeBurst.SubmitAsync(app, requests, report, ct);
            submits.Add(watch.Elapsed);
            if (submitted.Outcome != SubmissionOutcome.Acknowledged)
            {
                throw new InvalidOperationException($"A report on the full desk was not acknowledged: {submitted.Detail}");
            }
        }
        return (previews, submits);
    }

    private static void Check(ClocksDatabase db, PageLateness lateness)
    {
        if (lateness.Count != Storm)
        {
            throw new InvalidOperationException($"{lateness.Count} page messages in the outbox for {Storm} fired pages.");
        }
        if (db.FiredTimers() != Storm)
        {
            throw new InvalidOperationException($"{db.FiredTimers()} timers fired; only the {Storm} pages were due.");
        }
    }

    private void Add(BenchRun run, BenchStore store, string measure, double value, string unit, Target? target) =>
        run.Add(new Figure(Name, store.Name, measure, value, unit) { Target = target });

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F0} ms";
}
