using System.Diagnostics;
using System.Text.RegularExpressions;
using SupportBot.Tests.Cluster;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.OutOfProcess;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Benchmarks.Clicks;

/// <summary>
/// The set-up of the clicks scenario, not measured: the fake Slack workspace (agents in the triage
/// channel, the on-call person, a reporter per case), the real app on it, and cases opened through
/// Slack's intake as reporters open them (command, form, preview's Submit), each then with its triage
/// card in the channel and its page in the on-call person's DM.
/// </summary>
public sealed partial class ClickDesk : IAsyncDisposable
{
    public const string SigningSecret = "bench0clicks0signing0secret00001";
    private const int OpeningInFlight = 24;
    private const int AgentCount = 20;

    private ClickDesk(FakeSlack slack, string triage, AppProcess app, HostDb db, SlackIntakeRequests requests)
    {
        Slack = slack;
        Triage = triage;
        App = app;
        Db = db;
        Requests = requests;
        Clicks = new SlackClickBuilder(new SlackClicks(slack, requests));
    }

    public FakeSlack Slack { get; }

    public string Triage { get; }

    public AppProcess App { get; }

    public HostDb Db { get; }

    public SlackIntakeRequests Requests { get; }

    public SlackClickBuilder Clicks { get; }

    /// <summary>Agents who claim: anyone acting from the triage channel is one.</summary>
    public IReadOnlyList<string> Agents { get; } = [.. Enumerable.Range(0, AgentCount).Select(i => $"U0AGENT{i:D2}")];

    /// <summary>The next agent after <paramref name="agent"/>: someone else.</summary>
    public string AgentAfter(string agent) => Agents[(Agents.ToList().IndexOf(agent) + 1) % Agents.Count];

    public static async Task<ClickDesk> StartAsync(BenchRun run, BenchStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(store);
        var folder = run.NewFolder("clicks");
        var database = store.Create(folder);
        var slack = await FakeSlack.StartAsync();
        try
        {
            slack.AddUser(ClicksPolicy.OnCall, "oncall");
            var agents = Enumerable.Range(0, AgentCount).Select(i => slack.AddUser($"U0AGENT{i:D2}", $"agent{i:D2}").Id).ToArray();
            var triage = slack.AddChannel(ClicksPolicy.TriageChannel, members: agents);
            var options = BenchApp.Options(database, ClicksPolicy.WriteTo(folder), new Dictionary<string, string?>
            {
                ["SupportBot__Slack__BotToken"] = FakeSlack.BotToken,
                ["SupportBot__Slack__SigningSecret"] = SigningSecret,
                ["SupportBot__Slack__ApiBaseUrl"] = slack.ApiBaseUrl.AbsoluteUri,
                ["SupportBot__Slack__TriageChannel"] = triage,
                ["SupportBot__Slack__PostInterval"] = "00:00:00",
            });
            var app = await AppProcess.StartAsync(options, ct);
            return new ClickDesk(slack, triage, app, new HostDb(database.Open()), new SlackIntakeRequests(slack, SigningSecret));
        }
        catch
        {
            await slack.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens <paramref name="count"/> cases, one per new reporter, and returns once each has its triage card and its page.</summary>
    public async Task<IReadOnlyList<string>> OpenCasesAsync(int count, Action<string> log, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var users = Enumerable.Range(0, count).Select(i => Slack.AddUser($"U0R{i:D5}", $"reporter{i}").Id).ToList();
        var results = await Throttled.SelectAsync(users, OpeningInFlight, async (user, i) =>
        {
            var report = await Requests.PrepareAsync(App.Client, user, $"clicks-{i:D5}", ct);
            return await IntakeBurst.SubmitAsync(App, Requests, report, ct);
        }, ct);
        if (results.FirstOrDefault(r => r.Outcome != SubmissionOutcome.Acknowledged) is { } failed)
        {
            throw new InvalidOperationException($"Opening {failed.Report.Marker} failed during set-up: {failed.Detail}\n{App.Output.Tail(20)}");
        }
        log($"{count} reports submitted in {watch.Elapsed.TotalSeconds:0.0} s");
        var numbers = Db.Texts("SELECT number FROM cases ORDER BY number");
        if (numbers.Count != count)
        {
            throw new InvalidOperationException($"{count} reports submitted, {numbers.Count} cases in the database.");
        }
        await WaitForAsync(() => Db.Count("SELECT count(*) FROM case_events WHERE type = 'paged'") >= count
            && Db.Count("SELECT count(*) FROM outbox WHERE status = 'pending'") == 0, $"{count} pages sent and the outbox drained", ct);
        log($"pages sent and the outbox drained at {watch.Elapsed.TotalSeconds:0.0} s");
        return numbers;
    }

    /// <summary>Every message of the triage channel and of the on-call person's DM, by the case number it names.</summary>
    public (string Channel, ILookup<string, FakeMessage> ByCase) Cards() => (Triage, ByCase(Slack.Messages(Triage)));

    public (string Channel, ILookup<string, FakeMessage> ByCase) Pages()
    {
        var direct = Slack.DirectChannelOf(ClicksPolicy.OnCall) ?? throw new InvalidOperationException("No page reached the on-call person.");
        return (direct, ByCase(Slack.Messages(direct)));
    }

    private static ILookup<string, FakeMessage> ByCase(IEnumerable<FakeMessage> messages) =>
        messages.Where(m => m.Text is not null && CaseNumber().IsMatch(m.Text)).ToLookup(m => CaseNumber().Match(m.Text!).Value);

    public static async Task WaitForAsync(Func<bool> condition, string what, CancellationToken ct, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(60)))
            {
                throw new TimeoutException($"Waited {deadline.Elapsed.TotalSeconds:0} s for {what}.");
            }
            await Task.Delay(200, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Slack.DisposeAsync();
    }

    [GeneratedRegex(ClicksPolicy.Prefix + @"-\d{6}")]
    private static partial Regex CaseNumber();
}
