using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Outbox;
using SupportBot.Teams.Auth;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Tests.Teams.EndToEnd;

/// <summary>The whole Teams flow, driven only with correctly signed activities, against a loopback Bot Connector and identity provider.</summary>
public sealed class TeamsFlowTests : IAsyncLifetime
{
    private const string Triage = "19:triage@thread.tacv2";
    private const string Bridges = "19:bridges@thread.tacv2";
    private const string ReporterChat = "a:rita";
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-teams-").FullName;
    private readonly TestClock clock = new(Monday10Utc);
    private FakeConnector connector = null!;
    private FakeBotIdentity identity = null!;
    private TestHost host = null!;
    private int activityId;

    public async Task InitializeAsync()
    {
        connector = await FakeConnector.StartAsync();
        identity = await FakeBotIdentity.StartAsync(clock);
        connector.AddConversation(Triage);
        connector.AddConversation(Bridges);
        connector.AddConversation(ReporterChat);
        var settings = new Dictionary<string, string?>
        {
            ["SupportBot:Teams:AppId"] = FakeConnector.AppId,
            ["SupportBot:Teams:AppPassword"] = FakeConnector.AppPassword,
            ["SupportBot:Teams:TenantId"] = FakeConnector.TenantId,
            ["SupportBot:Teams:OpenIdMetadataUrl"] = identity.MetadataUrl.ToString(),
            ["SupportBot:Teams:TokenEndpoint"] = connector.TokenEndpoint.ToString(),
            ["SupportBot:Teams:AllowedServiceUrls:0"] = connector.ServiceUrl,
            ["SupportBot:Teams:ServiceUrl"] = connector.ServiceUrl,
            ["SupportBot:Teams:TriageChannel"] = Triage,
            ["SupportBot:Teams:BridgesChannel"] = Bridges,
            ["SupportBot:Local:Enabled"] = "false",
        };
        host = await TestHost.StartAsync(Path.Combine(folder, "supportbot.db"), clock, settings: settings,
            services: s => s.AddHttpClient(TeamsAuthSetup.MetadataClientName).ConfigurePrimaryHttpMessageHandler(identity.CreateHandler));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await identity.DisposeAsync();
        await connector.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Intake_in_a_personal_chat_opens_a_case_posts_its_card_to_triage_and_a_claim_invoke_answers_with_the_card_updates_it_and_tells_the_reporter()
    {
        var hello = await SendAsync(Personal(Message("the wifi is down")));
        Assert.Equal(HttpStatusCode.OK, hello.StatusCode);
        await DeliverAsync();
        Assert.Contains(connector.Activities(ReporterChat), a => a.Body.ToJsonString().Contains("intake.next", StringComparison.Ordinal));

        var answers = LocalPeople.Severity1Answers("Wifi down in Paris");
        await InvokeAsync(Personal(Invoke("intake.next", answers)));
        await InvokeAsync(Personal(Invoke("intake.continue", [])));
        var opened = await InvokeAsync(Personal(Invoke("intake.submit", [])));
        Assert.Contains("SUP-000001", opened.ToJsonString(), StringComparison.Ordinal);

        await DeliverAsync();
        var card = Assert.Single(connector.Activities(Triage));
        var caseId = new HostDb(Path.Combine(folder, "supportbot.db")).Text("SELECT id FROM cases")!;

        var claimed = await InvokeAsync(InChannel(Invoke("case.claim", new() { ["case"] = caseId }), card.Id, "29:agent", "Example Agent"));
        await DeliverAsync();

        Assert.Equal("application/vnd.microsoft.card.adaptive", claimed["type"]!.GetValue<string>());
        Assert.Contains("Example Agent", claimed["value"]!.ToJsonString(), StringComparison.Ordinal);
        var updated = Assert.Single(connector.Activities(Triage));
        Assert.True(updated.Updates >= 1);
        Assert.Contains("Example Agent", updated.Body.ToJsonString(), StringComparison.Ordinal);
        var dm = connector.Creations.Select(c => c.ToJsonString()).Single(c => c.Contains("29:rita", StringComparison.Ordinal));
        Assert.NotNull(dm);
        Assert.Contains(connector.Requests, r => r.Operation.Contains("send", StringComparison.OrdinalIgnoreCase)
            && r.Body.ToJsonString().Contains("Example Agent is working on your case", StringComparison.Ordinal));
    }

    public static TheoryData<string> Forgeries => new()
    {
        "no token", "expired", "wrong audience", "wrong issuer", "unknown key", "key not endorsed for msteams",
        "HS256 with the public key as secret", "alg none", "serviceUrl differs from the token's",
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_or_stale_token_is_refused_with_401_and_records_nothing(string forgery)
    {
        identity.AddUnpublishedKey("stranger-key");
        var now = clock.GetUtcNow();
        var service = connector.ServiceUrl;
        string? token = forgery switch
        {
            "no token" => null,
            "expired" => identity.Mint(FakeConnector.AppId, service, notBefore: now.AddHours(-2), expires: now.AddMinutes(-6)),
            "wrong audience" => identity.Mint(FakeConnector.AppId, service, audience: "11111111-0000-0000-0000-000000000000"),
            "wrong issuer" => identity.Mint(FakeConnector.AppId, service, issuer: "https://sts.example/"),
            "unknown key" => identity.Mint(FakeConnector.AppId, service, kid: "stranger-key"),
            "key not endorsed for msteams" => identity.Mint(FakeConnector.AppId, service, kid: FakeBotIdentity.WebChatKeyId),
            "HS256 with the public key as secret" => identity.Mint(FakeConnector.AppId, service, alg: "HS256"),
            "alg none" => identity.Mint(FakeConnector.AppId, service, alg: "none"),
            _ => identity.Mint(FakeConnector.AppId, "https://elsewhere.example/"),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(Personal(Message("hello"))) };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        var response = await host.Client.SendAsync(request);
        await DeliverAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        var db = new HostDb(Path.Combine(folder, "supportbot.db"));
        Assert.Equal(0, db.Count("SELECT count(*) FROM inbound_events"));
        Assert.Equal(0, db.Count("SELECT count(*) FROM outbox"));
        Assert.Equal(0, db.Count("SELECT count(*) FROM intake_sessions"));
        Assert.Empty(connector.Activities(ReporterChat));
    }

    private static JsonObject Message(string text) => new() { ["type"] = "message", ["text"] = text };

    private static JsonObject Invoke(string verb, Dictionary<string, string> data) => new()
    {
        ["type"] = "invoke",
        ["name"] = "adaptiveCard/action",
        ["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = new JsonObject(data.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))) },
            ["trigger"] = "manual",
        },
    };

    private JsonObject Personal(JsonObject activity)
    {
        activity["id"] = $"a{++activityId}";
        activity["channelId"] = "msteams";
        activity["serviceUrl"] = connector.ServiceUrl;
        activity["from"] = new JsonObject { ["id"] = "29:rita", ["name"] = "Example Reporter" };
        activity["recipient"] = new JsonObject { ["id"] = $"28:{FakeConnector.AppId}", ["name"] = "SupportBot" };
        activity["conversation"] = new JsonObject { ["conversationType"] = "personal", ["id"] = ReporterChat, ["tenantId"] = FakeConnector.TenantId };
        return activity;
    }

    private JsonObject InChannel(JsonObject activity, string replyToId, string user, string name)
    {
        activity["id"] = $"c{++activityId}";
        activity["channelId"] = "msteams";
        activity["serviceUrl"] = connector.ServiceUrl;
        activity["from"] = new JsonObject { ["id"] = user, ["name"] = name };
        activity["recipient"] = new JsonObject { ["id"] = $"28:{FakeConnector.AppId}", ["name"] = "SupportBot" };
        activity["conversation"] = new JsonObject { ["conversationType"] = "channel", ["id"] = $"{Triage};messageid={replyToId}", ["tenantId"] = FakeConnector.TenantId };
        activity["replyToId"] = replyToId;
        return activity;
    }

    private async Task<HttpResponseMessage> SendAsync(JsonObject activity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            identity.Mint(FakeConnector.AppId, connector.ServiceUrl));
        return await host.Client.SendAsync(request);
    }

    private async Task<JsonObject> InvokeAsync(JsonObject activity)
    {
        var response = await SendAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task DeliverAsync() => await host.Get<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);
}
