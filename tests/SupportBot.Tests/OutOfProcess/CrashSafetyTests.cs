using System.Diagnostics;
using System.Globalization;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Slack.Fakes;
using Xunit.Abstractions;

namespace SupportBot.Tests.OutOfProcess;

/// <summary>
/// The real app in a child process, SIGKILLed in the middle of a burst of signed Slack intake
/// submissions and restarted on the same SQLite file. The burst is <see cref="DefaultBurst"/> reports
/// in <c>dotnet test</c> (two minutes at most on a 2-core machine); SUPPORTBOT_CRASH_BURST=500 runs the
/// issue's full burst, SUPPORTBOT_CRASH_SEED replays a run and SUPPORTBOT_CRASH_KEEP=1 keeps its files.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private const int DefaultBurst = 150;
    private const int InFlight = 50;

    /// <summary>Getting each report to its preview is set-up, not the test: few at once, so modals open within their trigger's 3 s.</summary>
    private const int PreparingInFlight = 8;
    private const string SigningSecret = "crash0test0signing0secret0000001";

    /// <summary>Long enough for every case opened in the seconds before the kill to have its page fall due while the app is down.</summary>
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(5);

    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-crash-").FullName;

    [Fact]
    public async Task A_SIGKILL_in_an_intake_burst_loses_no_acknowledged_case_leaves_none_half_written_and_delivers_each_message_and_timer_once()
    {
        var seed = Setting("SUPPORTBOT_CRASH_SEED") ?? Random.Shared.Next();
        var burst = Setting("SUPPORTBOT_CRASH_BURST") ?? DefaultBurst;
        var random = new Random(seed);
        output.WriteLine($"seed {seed}, burst {burst} (replay with SUPPORTBOT_CRASH_SEED={seed} SUPPORTBOT_CRASH_BURST={burst})");
        var clock = Stopwatch.StartNew();
        await using var slack = await FakeSlack.StartAsync();
        slack.AddUser(CrashPolicy.OnCall, "oncall");
        var requests = new SlackIntakeRequests(slack, SigningSecret);
        await using var first = await AppProcess.StartAsync(Options(slack));
        try
        {
            await RunAsync(slack, requests, first, seed, burst, random, clock);
        }
        catch
        {
            output.WriteLine(first.Output.Tail(60));
            throw;
        }
    }

    private async Task RunAsync(FakeSlack slack, SlackIntakeRequests requests, AppProcess first, int seed, int burst, Random random, Stopwatch clock)
    {
        var users = Enumerable.Range(0, burst).Select(i => slack.AddUser($"U0R{i:D5}", $"reporter{i}").Id).ToList();
        var reports = await PrepareAsync(first, requests, users, seed);
        output.WriteLine($"{clock.Elapsed:mm\\:ss} {reports.Count} reports at their preview");

        var killAfter = random.Next(burst / 4, burst * 3 / 4);
        var killDelay = TimeSpan.FromMilliseconds(random.Next(0, 25));
        var (results, killedAt) = await IntakeBurst.RunAsync(first, requests, reports, InFlight, killAfter, killDelay);
        output.WriteLine($"{clock.Elapsed:mm\\:ss} killed (exit {first.ExitCode}) after {killAfter} answers + {killDelay.TotalMilliseconds} ms: " +
            string.Join(", ", results.CountBy(r => r.Outcome).Select(c => $"{c.Value} {c.Key}")));
        Assert.Equal(128 + 9, first.ExitCode);

        await Task.Delay(Downtime);
        await using var second = await AppProcess.StartAsync(first.Options);
        var readyAt = TimeProvider.System.GetUtcNow();
        var db = new HostDb(Path.Combine(folder, "supportbot.db"));
        var dueWhileDown = db.Count("SELECT count(*) FROM timers WHERE due_at > @from AND due_at <= @to",
            new { from = killedAt.ToUnixTimeMilliseconds(), to = readyAt.ToUnixTimeMilliseconds() });
        output.WriteLine($"{clock.Elapsed:mm\\:ss} restarted; {dueWhileDown} timers fell due while it was down");

        // Whoever got no answer submits again, as a person would: a new click, so a new trigger id.
        foreach (var retry in results.Where(r => r.Outcome != SubmissionOutcome.Acknowledged))
        {
            var again = await IntakeBurst.SubmitAsync(second, requests, retry.Report, CancellationToken.None);
            Assert.True(again.Outcome == SubmissionOutcome.Acknowledged, $"{retry.Report.Marker} submitted again after the restart: {again.Detail}");
        }
        await QuietAsync(db);
        output.WriteLine($"{clock.Elapsed:mm\\:ss} outbox drained and timers fired; {slack.Calls("conversations.history").Count} lane heads from before the kill looked up in Slack");

        var invariants = new CrashInvariants(db, slack);
        invariants.EveryReportIsOneCase(results);
        invariants.NoCaseIsHalfWritten();
        invariants.EveryTimerFiredOnce();
        invariants.EveryMessageDeliveredOnce();
        Assert.True(dueWhileDown > 0, "the kill came too late in the burst for any timer to fall due while the app was down");
        Assert.True(invariants.Problems.Count == 0, $"seed {seed}: {invariants.Problems.Count} problems\n{string.Join('\n', invariants.Problems.Take(40))}");
    }

    private static async Task<List<PreparedReport>> PrepareAsync(AppProcess app, SlackIntakeRequests requests, IReadOnlyList<string> users, int seed) =>
        [.. await Throttled.SelectAsync(users, PreparingInFlight, (user, i) => requests.PrepareAsync(app.Client, user, $"crash-{seed}-{i:D4}", CancellationToken.None))];

    /// <summary>Until every timer of the reports has fired and the outbox is empty; a minute at most.</summary>
    private static async Task QuietAsync(HostDb db)
    {
        var deadline = Stopwatch.StartNew();
        while (db.Count("SELECT count(*) FROM outbox WHERE status = 'pending'") > 0
            || db.Count("SELECT count(*) FROM timers WHERE status = 'pending' AND key IN ('response:0.5', 'ladder:1')") > 0)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(1))
            {
                return; // The invariants say what is still pending.
            }
            await Task.Delay(200);
        }
    }

    private AppProcessOptions Options(FakeSlack slack) => new()
    {
        DatabasePath = Path.Combine(folder, "supportbot.db"),
        Policy = CrashPolicy.WriteTo(folder),
        Environment = new Dictionary<string, string?>
        {
            ["SupportBot__Slack__BotToken"] = FakeSlack.BotToken,
            ["SupportBot__Slack__SigningSecret"] = SigningSecret,
            ["SupportBot__Slack__ApiBaseUrl"] = slack.ApiBaseUrl.AbsoluteUri,
            ["SupportBot__Slack__TriageChannel"] = slack.AddChannel("helpdesk-triage"),
            // The fake has no per-channel limit, and the triage channel gets every case's card and reminder.
            ["SupportBot__Slack__PostInterval"] = "00:00:00",
            ["SupportBot__Local__Enabled"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        },
    };

    private static int? Setting(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // SUPPORTBOT_CRASH_KEEP=1 keeps the SQLite file of a run to look into.
        if (Environment.GetEnvironmentVariable("SUPPORTBOT_CRASH_KEEP") is null)
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
