using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SupportBot.Tests.OutOfProcess;
using SupportBot.Tests.Teams.EndToEnd;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Benchmarks.Intake;

/// <summary>One report's Submit as Teams would invoke it (Action.Execute <c>intake.submit</c>), and who sends it.</summary>
public sealed record TeamsSubmission(string UserId, string Body)
{
    public string ReporterKey => $"teams:{UserId}";
}

/// <summary>
/// The app with Teams as its platform: the loopback Bot Connector and Bot Framework identity of the
/// Teams tests, configured through environment variables as an operator would. The app fetches
/// signing keys over HTTPS only; in-process tests hand its metadata client a handler that trusts the
/// fake's self-signed certificate, which a child process cannot be given. Here the child trusts it the
/// way an operator trusts a private CA: the certificate is the only one in the OpenSSL trust file the
/// child is pointed at (SSL_CERT_FILE), and no app code or setting changes. Reports are taken to
/// their preview beforehand; a storm sends only the Submits.
/// </summary>
public sealed class TeamsStorm : IAsyncDisposable
{
    private const int PreparingInFlight = 16;

    private readonly TeamsDriver teams;

    /// <summary>One token for every activity, as the Bot Connector reuses its token until it expires.</summary>
    private readonly string token;

    private TeamsStorm(TeamsDriver teams, AppProcess app, BenchDatabase database)
    {
        this.teams = teams;
        App = app;
        Database = database;
        token = teams.Identity.Mint(FakeConnector.AppId, teams.Connector.ServiceUrl);
    }

    public AppProcess App { get; }

    public BenchDatabase Database { get; }

    public static async Task<TeamsStorm> StartAsync(BenchRun run, BenchStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(store);
        var folder = run.NewFolder("intake-teams");
        var database = store.Create(folder);
        var teams = await TeamsDriver.StartAsync(TimeProvider.System);
        try
        {
            var trust = Path.Combine(folder, "identity-certificate.pem");
            await File.WriteAllTextAsync(trust, FakeBotIdentity.LoopbackCertificate.ExportCertificatePem(), ct);
            var settings = teams.Settings().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
            settings["SSL_CERT_FILE"] = trust;
            var app = await AppProcess.StartAsync(BenchApp.Options(database, IntakePolicy.WriteTo(folder), settings), ct);
            return new TeamsStorm(teams, app, database);
        }
        catch
        {
            await teams.DisposeAsync();
            throw;
        }
    }

    /// <summary><paramref name="count"/> new reporters, each in their own chat with a report at its preview; then each Submit.</summary>
    public async Task<IReadOnlyList<TeamsSubmission>> PrepareAsync(int count, CancellationToken ct)
    {
        return await Throttled.SelectAsync(Enumerable.Range(0, count), PreparingInFlight, async (i, _) =>
        {
            var (user, name, chat) = ($"29:reporter-{i:D5}", $"Reporter {i}", $"a:reporter-{i:D5}");
            teams.Connector.AddConversation(chat);
            teams.Connector.AddMember(user, name, $"reporter{i}@example.com");
            await InvokeAsync(teams.PersonalFrom(TeamsDriver.Invoke("intake.start", []), user, name, chat), "intake.next", ct);
            var answers = new Dictionary<string, string> { ["shown"] = "title,description", ["title"] = $"storm-{i:D5}", ["description"] = "The wifi is down" };
            await InvokeAsync(teams.PersonalFrom(TeamsDriver.Invoke("intake.next", answers), user, name, chat), "intake.submit", ct);
            return new TeamsSubmission(user, teams.PersonalFrom(TeamsDriver.Invoke("intake.submit", []), user, name, chat).ToJsonString());
        }, ct);
    }

    /// <summary>One signed invoke; the answer is the card the app answers it with.</summary>
    public async Task<Answer> SendAsync(TeamsSubmission submission, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return await PostAsync(submission.Body, ct);
    }

    private async Task InvokeAsync(JsonObject activity, string expected, CancellationToken ct)
    {
        var answer = await PostAsync(activity.ToJsonString(), ct);
        if (!answer.Ok || !answer.Text.Contains(expected, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Preparing a Teams report: {activity["value"]?["action"]?["verb"]} was answered without {expected}: {answer.Text}");
        }
    }

    private async Task<Answer> PostAsync(string body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await App.Client.SendAsync(request, ct);
        return await Storm.ReadAsync(response, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await teams.DisposeAsync();
    }
}
