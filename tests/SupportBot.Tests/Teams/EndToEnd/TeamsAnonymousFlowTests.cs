using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Outbox;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Slack.Fakes;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Tests.Teams.EndToEnd;

/// <summary>
/// The anonymous mode (path C) of the real app with no Teams settings at all: the Bot Framework
/// Emulator on this machine talks to <c>/api/messages</c> without a token and gets its answers
/// without one; nothing else is anonymous.
/// </summary>
public sealed class TeamsAnonymousFlowTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-teams-anonymous-").FullName;
    private readonly TestClock clock = new(Monday10Utc);
    private readonly LogCapture logs = new();
    private FakeEmulator emulator = null!;
    private TestHost host = null!;
    private int activityId;

    private static readonly Dictionary<string, string?> Anonymous = new() { ["SupportBot:Teams:AnonymousEmulator"] = "true" };

    private HostDb Db => new(Path.Combine(folder, "supportbot.db"));

    public async Task InitializeAsync()
    {
        emulator = await FakeEmulator.StartAsync();
        host = await TestHost.StartAsync(Path.Combine(folder, "supportbot.db"), clock, settings: Anonymous, services: s => s.AddSingleton<ILoggerProvider>(logs));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await emulator.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    public void Dispose() => logs.Dispose();

    [Fact]
    public async Task The_Emulator_without_a_token_is_answered_without_a_token_and_Teams_is_not_a_desk_platform()
    {
        var response = await SendAsync(host.Client, EmulatorMessage("the wifi is down"));
        await DeliverAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Db.Count("SELECT count(*) FROM inbound_events"));
        var answer = Assert.Single(emulator.Calls);
        Assert.Equal("/v3/conversations/emulator-chat/activities", answer.Path);
        Assert.False(answer.HadToken);
        Assert.Contains("intake.next", answer.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ChannelKind.Teams, host.Get<IDeskSource>().Current.Platforms);
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("loopback", StringComparison.Ordinal));
    }

    public static TheoryData<string> Refusals => new()
    {
        "a token", "an empty Authorization header", "a serviceUrl elsewhere", "a proxy in between",
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task An_anonymous_request_is_refused_with_401_and_records_nothing_when_it_carries(string what)
    {
        var activity = EmulatorMessage("hello");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        switch (what)
        {
            case "a token":
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer eyJhbGciOiJub25lIn0.e30.");
                break;
            case "an empty Authorization header":
                request.Headers.TryAddWithoutValidation("Authorization", "");
                break;
            case "a serviceUrl elsewhere":
                activity["serviceUrl"] = "https://smba.trafficmanager.net/emea/";
                request.Content = JsonContent.Create(activity);
                break;
            default:
                request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");
                break;
        }

        var response = await host.Client.SendAsync(request);
        await DeliverAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, Db.Count("SELECT count(*) FROM inbound_events"));
        Assert.Equal(0, Db.Count("SELECT count(*) FROM outbox"));
        Assert.Empty(emulator.Calls);
    }

    [Fact]
    public async Task Once_an_app_id_is_set_a_request_without_a_token_is_refused_even_from_the_Emulator()
    {
        var otherFolder = Directory.CreateTempSubdirectory("supportbot-teams-appid-").FullName;
        var settings = new Dictionary<string, string?>(Anonymous) { ["SupportBot:Teams:AppId"] = FakeConnector.AppId };
        try
        {
            await using (var configured = await TestHost.StartAsync(Path.Combine(otherFolder, "supportbot.db"), clock, settings: settings))
            {
                var response = await SendAsync(configured.Client, EmulatorMessage("hello"));

                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }

            Assert.Equal(0, new HostDb(Path.Combine(otherFolder, "supportbot.db")).Count("SELECT count(*) FROM inbound_events"));
            Assert.Empty(emulator.Calls);
        }
        finally
        {
            Directory.Delete(otherFolder, recursive: true);
        }
    }

    [Fact]
    public async Task Without_an_app_id_or_the_anonymous_mode_there_is_no_Teams_endpoint_at_all()
    {
        var otherFolder = Directory.CreateTempSubdirectory("supportbot-teams-off-").FullName;
        try
        {
            await using (var plain = await TestHost.StartAsync(Path.Combine(otherFolder, "supportbot.db"), clock))
            {
                var response = await SendAsync(plain.Client, EmulatorMessage("hello"));

                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }

            Assert.Equal(0, new HostDb(Path.Combine(otherFolder, "supportbot.db")).Count("SELECT count(*) FROM inbound_events"));
            Assert.Empty(emulator.Calls);
        }
        finally
        {
            Directory.Delete(otherFolder, recursive: true);
        }
    }

    /// <summary>A message as the Emulator sends it, in a personal chat, naming its own loopback Connector.</summary>
    private JsonObject EmulatorMessage(string text) => new()
    {
        ["type"] = "message",
        ["id"] = $"e{++activityId}",
        ["channelId"] = "emulator",
        ["serviceUrl"] = emulator.ServiceUrl,
        ["from"] = new JsonObject { ["id"] = "emulator-user", ["name"] = "Emulator User" },
        ["recipient"] = new JsonObject { ["id"] = "emulator-bot", ["name"] = "SupportBot" },
        ["conversation"] = new JsonObject { ["id"] = "emulator-chat" },
        ["text"] = text,
    };

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, JsonObject activity) =>
        await client.PostAsJsonAsync("/api/messages", activity);

    private async Task DeliverAsync() => await host.Get<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);
}
