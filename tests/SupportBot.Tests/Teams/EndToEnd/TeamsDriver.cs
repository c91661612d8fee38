using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Teams.Auth;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Tests.Teams.EndToEnd;

/// <summary>
/// The loopback Bot Connector and identity provider, the app's Teams settings for them, and the
/// activities Teams would send, each with a correctly signed token.
/// </summary>
public sealed class TeamsDriver : IAsyncDisposable
{
    public const string Triage = "19:triage@thread.tacv2";
    public const string Bridges = "19:bridges@thread.tacv2";
    public const string ReporterChat = "a:rita";

    private int activityId;

    private TeamsDriver(FakeConnector connector, FakeBotIdentity identity)
    {
        Connector = connector;
        Identity = identity;
    }

    public FakeConnector Connector { get; }

    public FakeBotIdentity Identity { get; }

    /// <summary>The app's client; set once the host is up.</summary>
    public HttpClient Client { get; set; } = null!;

    public static async Task<TeamsDriver> StartAsync(TimeProvider clock)
    {
        var driver = new TeamsDriver(await FakeConnector.StartAsync(), await FakeBotIdentity.StartAsync(clock));
        driver.Connector.AddConversation(Triage);
        driver.Connector.AddConversation(Bridges);
        driver.Connector.AddConversation(ReporterChat);
        return driver;
    }

    /// <param name="withTriage">Whether Teams names the triage channel (not when another platform's is the desk's).</param>
    public Dictionary<string, string?> Settings(bool withTriage = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SupportBot:Teams:AppId"] = FakeConnector.AppId,
            ["SupportBot:Teams:AppPassword"] = FakeConnector.AppPassword,
            ["SupportBot:Teams:TenantId"] = FakeConnector.TenantId,
            ["SupportBot:Teams:OpenIdMetadataUrl"] = Identity.MetadataUrl.ToString(),
            ["SupportBot:Teams:TokenEndpoint"] = Connector.TokenEndpoint.ToString(),
            ["SupportBot:Teams:AllowedServiceUrls:0"] = Connector.ServiceUrl,
            ["SupportBot:Teams:ServiceUrl"] = Connector.ServiceUrl,
            ["SupportBot:Teams:BridgesChannel"] = Bridges,
        };
        if (withTriage)
        {
            settings["SupportBot:Teams:TriageChannel"] = Triage;
        }
        return settings;
    }

    /// <summary>The app trusts the fake identity provider's certificate (and nothing else changes).</summary>
    public void TrustIdentity(IServiceCollection services) =>
        services.AddHttpClient(TeamsAuthSetup.MetadataClientName).ConfigurePrimaryHttpMessageHandler(Identity.CreateHandler);

    public static JsonObject Message(string text) => new() { ["type"] = "message", ["text"] = text };

    public static JsonObject Invoke(string verb, Dictionary<string, string> data) => new()
    {
        ["type"] = "invoke",
        ["name"] = "adaptiveCard/action",
        ["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = new JsonObject(data.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))) },
            ["trigger"] = "manual",
        },
    };

    /// <summary>From the reporter, in their personal chat with the bot.</summary>
    public JsonObject Personal(JsonObject activity) =>
        Address(activity, "29:rita", "Example Reporter", new JsonObject { ["conversationType"] = "personal", ["id"] = ReporterChat, ["tenantId"] = FakeConnector.TenantId });

    /// <summary>From <paramref name="user"/> in their own personal chat with the bot, on the message <paramref name="replyToId"/> when given.</summary>
    public JsonObject PersonalFrom(JsonObject activity, string user, string name, string chat, string? replyToId = null)
    {
        if (replyToId is not null)
        {
            activity["replyToId"] = replyToId;
        }
        return Address(activity, user, name, new JsonObject { ["conversationType"] = "personal", ["id"] = chat, ["tenantId"] = FakeConnector.TenantId });
    }

    /// <summary>From someone in the triage channel, on the message <paramref name="replyToId"/>.</summary>
    public JsonObject InChannel(JsonObject activity, string replyToId, string user, string name)
    {
        activity["replyToId"] = replyToId;
        return Address(activity, user, name, new JsonObject { ["conversationType"] = "channel", ["id"] = $"{Triage};messageid={replyToId}", ["tenantId"] = FakeConnector.TenantId });
    }

    public async Task<HttpResponseMessage> SendAsync(JsonObject activity, string? token = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        token = token == "" ? Identity.Mint(FakeConnector.AppId, Connector.ServiceUrl) : token;
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return await Client.SendAsync(request);
    }

    public async Task<JsonObject> InvokeAsync(JsonObject activity)
    {
        var response = await SendAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private JsonObject Address(JsonObject activity, string user, string name, JsonObject conversation)
    {
        activity["id"] = $"t{++activityId}";
        activity["channelId"] = "msteams";
        activity["serviceUrl"] = Connector.ServiceUrl;
        activity["from"] = new JsonObject { ["id"] = user, ["name"] = name };
        activity["recipient"] = new JsonObject { ["id"] = $"28:{FakeConnector.AppId}", ["name"] = "SupportBot" };
        activity["conversation"] = conversation;
        return activity;
    }

    public async ValueTask DisposeAsync()
    {
        await Identity.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
