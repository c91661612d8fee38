using SupportBot.Benchmarks.Floor;
using SupportBot.Tests.OutOfProcess;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Benchmarks.Intake;

/// <summary>One report's last submission (the preview's Submit) as Slack would send it, and who sends it.</summary>
public sealed record SlackSubmission(string UserId, string Body)
{
    public string ReporterKey => $"slack:{UserId}";
}

/// <summary>
/// The app with Slack as its platform (FakeSlack on loopback), and the reports taken to their
/// preview beforehand: a storm then sends only the Submits, each opening a case. The same bodies,
/// signed the same way, go to the floor.
/// </summary>
public sealed class SlackStorm : IAsyncDisposable
{
    public const string SigningSecret = "bench0intake0signing0secret00001";

    /// <summary>Few at once: each modal must open within its trigger's 3 s, and preparing is not measured.</summary>
    private const int PreparingInFlight = 8;

    private readonly FakeSlack slack;
    private readonly SlackIntakeRequests requests;

    private SlackStorm(FakeSlack slack, AppProcess app, BenchDatabase database)
    {
        this.slack = slack;
        App = app;
        Database = database;
        requests = new SlackIntakeRequests(slack, SigningSecret);
    }

    public AppProcess App { get; }

    public BenchDatabase Database { get; }

    public static async Task<SlackStorm> StartAsync(BenchRun run, BenchStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(store);
        var folder = run.NewFolder("intake-slack");
        var database = store.Create(folder);
        var slack = await FakeSlack.StartAsync();
        try
        {
            slack.AddUser("U0ONCALL", "oncall");
            var settings = new Dictionary<string, string?>
            {
                ["SupportBot__Slack__BotToken"] = FakeSlack.BotToken,
                ["SupportBot__Slack__SigningSecret"] = SigningSecret,
                ["SupportBot__Slack__ApiBaseUrl"] = slack.ApiBaseUrl.AbsoluteUri,
                ["SupportBot__Slack__TriageChannel"] = slack.AddChannel("helpdesk-triage"),
            };
            var app = await AppProcess.StartAsync(BenchApp.Options(database, IntakePolicy.WriteTo(folder), settings), ct);
            return new SlackStorm(slack, app, database);
        }
        catch
        {
            await slack.DisposeAsync();
            throw;
        }
    }

    /// <summary><paramref name="count"/> new reporters, each with a report at its preview; then each Submit's body.</summary>
    public async Task<IReadOnlyList<SlackSubmission>> PrepareAsync(int count, CancellationToken ct)
    {
        var users = Enumerable.Range(0, count).Select(i => slack.AddUser($"U0R{i:D5}", $"reporter{i}").Id).ToList();
        var reports = await Throttled.SelectAsync(users, PreparingInFlight, (user, i) => requests.PrepareAsync(App.Client, user, $"storm-{i:D5}", ct), ct);
        return [.. reports.Select(r => new SlackSubmission(r.UserId, requests.SubmitBody(r)))];
    }

    /// <summary>One Submit to the app, or the same body to the floor: signed when sent, as Slack signs it.</summary>
    public async Task<Answer> SendAsync(HttpClient client, SlackSubmission submission, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(submission);
        using var response = await requests.PostAsync(client, FloorServer.Path, submission.Body, ct);
        return await Storm.ReadAsync(response, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await slack.DisposeAsync();
    }
}
