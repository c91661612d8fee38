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

    /// <summary>The team the channels are in; its id is also its General channel's.</summary>
    public const string Team = "19:team-general@thread.tacv2";
    public const string TeamGroupId = "6f0e4c1e-8d2a-4b5b-9c1d-0a2b3c4d5e6f";
    public const string Ops = "19:ops@thread.tacv2";

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
            // The test clock moves only when a test says so: a paced call would wait for ever.
            ["SupportBot:Teams:PaceSends"] = "false",
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

    /// <summary>A message that @mentions the bot, as Teams sends one from a channel.</summary>
    public static JsonObject Mention(string text)
    {
        var message = Message($"<at>SupportBot</at> {text}");
        message["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>SupportBot</at>",
            ["mentioned"] = new JsonObject { ["id"] = $"28:{FakeConnector.AppId}", ["name"] = "SupportBot" },
        });
        return message;
    }

    /// <summary>A new post in a channel of <see cref="Team"/>: its own thread, with the team and channel in channelData.</summary>
    public JsonObject InTeamChannel(JsonObject activity, string channel, string user, string name)
    {
        Address(activity, user, name, new JsonObject { ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = FakeConnector.TenantId });
        activity["conversation"]!["id"] = $"{channel};messageid={activity["id"]}";
        activity["channelData"] = TeamData(channel);
        return activity;
    }

    /// <summary>
    /// A conversationUpdate (or installationUpdate) about <see cref="Team"/> in its General channel; the
    /// Teams event type and the channel it names go in channelData.
    /// </summary>
    public JsonObject TeamUpdate(JsonObject activity, string? eventType = null, string? channel = null, string? channelName = null)
    {
        Address(activity, "29:owner", "Team Owner", new JsonObject { ["conversationType"] = "channel", ["isGroup"] = true, ["id"] = Team, ["tenantId"] = FakeConnector.TenantId });
        var data = TeamData(channel);
        if (channelName is not null)
        {
            data["channel"]!["name"] = channelName;
        }
        if (eventType is not null)
        {
            data["eventType"] = eventType;
        }
        activity["channelData"] = data;
        return activity;
    }

    public static JsonObject BotAdded() => new()
    {
        ["type"] = "conversationUpdate",
        ["membersAdded"] = new JsonArray(new JsonObject { ["id"] = $"28:{FakeConnector.AppId}" }),
    };

    /// <summary>The reporter's Severity 1 intake in their personal chat, to the opened case.</summary>
    public Task ReportSeverity1Async(string title) => ReportAsync("29:rita", "Example Reporter", ReporterChat, Hosting.LocalPeople.Severity1Answers(title));

    /// <summary>An intake with these answers by <paramref name="user"/> in their personal chat, to the opened case.</summary>
    public async Task ReportAsync(string user, string name, string chat, Dictionary<string, string> answers)
    {
        await InvokeAsync(PersonalFrom(Invoke("intake.start", []), user, name, chat));
        await InvokeAsync(PersonalFrom(Invoke("intake.next", answers), user, name, chat));
        await InvokeAsync(PersonalFrom(Invoke("intake.continue", []), user, name, chat));
        var opened = await InvokeAsync(PersonalFrom(Invoke("intake.submit", []), user, name, chat));
        Assert.Contains("SUP-", opened.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>The default preset with Teams accounts for the EMEA manager (29:manager) and the admin (29:admin).</summary>
    public static string PolicyWithTeamsAccounts(string folder)
    {
        var yaml = File.ReadAllText(Policy.PolicyYaml.RepositoryFile("policies/operational-guide.yml"))
            .Replace("accounts: { local: manager-2 }", "accounts: { local: manager-2, teams: \"29:manager\" }", StringComparison.Ordinal)
            .Replace("accounts: { local: admin-1 }", "accounts: { local: admin-1, teams: \"29:admin\" }", StringComparison.Ordinal);
        Assert.Contains("29:manager", yaml, StringComparison.Ordinal);
        Assert.Contains("29:admin", yaml, StringComparison.Ordinal);
        var path = Path.Combine(folder, "policy.yml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static JsonObject TeamData(string? channel)
    {
        var data = new JsonObject { ["team"] = new JsonObject { ["id"] = Team }, ["tenant"] = new JsonObject { ["id"] = FakeConnector.TenantId } };
        if (channel is not null)
        {
            data["channel"] = new JsonObject { ["id"] = channel };
        }
        return data;
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
