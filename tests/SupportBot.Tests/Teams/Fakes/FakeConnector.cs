using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SupportBot.Tests.Teams.Fakes;

/// <summary>
/// A loopback fake of the Bot Connector: the v3 conversations API (send, reply, update, create a 1:1
/// chat or a channel thread) behind a bearer token that its own token endpoint issues
/// (<c>POST /oauth2/v2.0/token</c>, client-credentials grant, client id and secret checked). It
/// records every activity per conversation with its id, and fails on request (<see cref="FailNext"/>)
/// with Teams' statuses and error bodies.
/// </summary>
public sealed partial class FakeConnector : IAsyncDisposable
{
    public const string AppId = "00000000-0000-0000-0000-00000000b07a";
    public const string AppPassword = "fake-app-password-s3cret";
    public const string TenantId = "11111111-2222-3333-4444-555555555555";
    public const string Scope = "https://api.botframework.com/.default";

    private readonly Lock gate = new();
    private readonly Dictionary<string, List<FakeActivity>> conversations = new(StringComparer.Ordinal);
    private readonly Queue<Failure> failures = new();
    private readonly HashSet<string> validTokens = new(StringComparer.Ordinal);
    private readonly List<FakeRequest> requests = [];
    private readonly List<JsonObject> creations = [];
    private WebApplication? app;
    private TimeProvider time = TimeProvider.System;
    private long nextActivity = 1_700_000_000_000;
    private int tokenRequests;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The service URL the bot should use: the fake's root.</summary>
    public string ServiceUrl => BaseUrl.AbsoluteUri;

    public Uri TokenEndpoint => new(BaseUrl, "oauth2/v2.0/token");

    /// <summary>The <c>expires_in</c> of the tokens it issues, in seconds.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    public int TokenRequests
    {
        get
        {
            lock (gate)
            {
                return tokenRequests;
            }
        }
    }

    /// <summary>Every token issued so far, for checking that none reached a log.</summary>
    public IReadOnlyList<string> IssuedTokens { get; private set; } = [];

    public IReadOnlyList<FakeRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    /// <summary>The ConversationParameters of every create-conversation call.</summary>
    public IReadOnlyList<JsonObject> Creations
    {
        get
        {
            lock (gate)
            {
                return [.. creations];
            }
        }
    }

    /// <param name="time">The clock <see cref="Limits"/> are measured on (default: the system's).</param>
    public static async Task<FakeConnector> StartAsync(TimeProvider? time = null)
    {
        var fake = new FakeConnector { time = time ?? TimeProvider.System };
        (fake.app, fake.BaseUrl) = await LoopbackServer.StartAsync(app =>
        {
            app.Use(fake.CountInFlightAsync);
            app.MapPost("/oauth2/v2.0/token", fake.IssueTokenAsync);
            app.MapPost("/v3/conversations", ctx => fake.HandleAsync(ctx, "create", null, null));
            app.MapPost("/v3/conversations/{conversation}/activities", (HttpContext ctx, string conversation) => fake.HandleAsync(ctx, "send", conversation, null));
            app.MapPost("/v3/conversations/{conversation}/activities/{activity}",
                (HttpContext ctx, string conversation, string activity) => fake.HandleAsync(ctx, "reply", conversation, activity));
            app.MapPut("/v3/conversations/{conversation}/activities/{activity}",
                (HttpContext ctx, string conversation, string activity) => fake.HandleAsync(ctx, "update", conversation, activity));
            fake.MapTeams(app);
            app.MapGet("/v3/conversations/{conversation}/members/{member}",
                (HttpContext ctx, string conversation, string member) => fake.GetMemberAsync(ctx, conversation, member));
        });
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Adds a conversation the bot is in (a channel, or an existing chat).</summary>
    public void AddConversation(string id)
    {
        lock (gate)
        {
            conversations.TryAdd(id, []);
        }
    }

    /// <summary>The activities in a conversation, oldest first, each as last sent or updated.</summary>
    public IReadOnlyList<FakeActivity> Activities(string conversationId)
    {
        lock (gate)
        {
            return conversations.TryGetValue(conversationId, out var list) ? [.. list] : [];
        }
    }

    /// <summary>The next v3 call fails with this status (and Retry-After, and a Teams error body).</summary>
    public void FailNext(int status, int? retryAfter = null, string? code = null, string? message = null)
    {
        lock (gate)
        {
            failures.Enqueue(new Failure(status, retryAfter, code, message));
        }
    }

    /// <summary>Every token issued so far stops working, as when the app's credentials are rotated.</summary>
    public void RevokeTokens()
    {
        lock (gate)
        {
            validTokens.Clear();
        }
    }

    private async Task IssueTokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        lock (gate)
        {
            tokenRequests++;
        }
        if (form["grant_type"] != "client_credentials" || form["scope"] != Scope)
        {
            await WriteAsync(context, 400, new JsonObject { ["error"] = "invalid_request" });
            return;
        }
        if (form["client_id"] != AppId || form["client_secret"] != AppPassword)
        {
            await WriteAsync(context, 401, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "AADSTS7000215: Invalid client secret provided." });
            return;
        }
        var token = "eyJfake." + Guid.NewGuid().ToString("N") + ".sig";
        lock (gate)
        {
            validTokens.Add(token);
            IssuedTokens = [.. IssuedTokens, token];
        }
        await WriteAsync(context, 200, new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = TokenLifetimeSeconds,
            ["ext_expires_in"] = TokenLifetimeSeconds,
            ["access_token"] = token,
        });
    }

    private async Task HandleAsync(HttpContext context, string operation, string? conversation, string? activityId)
    {
        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            await WriteAsync(context, 400, Error("BadArgument", "Invalid JSON"));
            return;
        }
        var auth = context.Request.Headers.Authorization.ToString();
        Failure? failure = null;
        bool authorized;
        lock (gate)
        {
            authorized = auth.StartsWith("Bearer ", StringComparison.Ordinal) && validTokens.Contains(auth["Bearer ".Length..]);
            if (authorized && failures.Count > 0)
            {
                failure = failures.Dequeue();
            }
            else if (authorized)
            {
                failure = Scripted(operation, conversation, body) ?? OverLimit(conversation);
            }
            requests.Add(new FakeRequest(operation, context.Request.Method, context.Request.Path, conversation, activityId, body, authorized, failure?.Status));
        }
        if (!authorized)
        {
            await WriteAsync(context, 401, Error("Unauthorized", "Authorization has been denied for this request."));
            return;
        }
        if (failure is not null)
        {
            if (failure.RetryAfter is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }
            await WriteAsync(context, failure.Status, FailureBody(failure));
            return;
        }
        var (status, answer) = operation switch
        {
            "create" => Create(body),
            "send" or "reply" => Send(conversation!, body),
            _ => Update(conversation!, activityId!, body),
        };
        await WriteAsync(context, status, answer);
    }

    private (int, JsonObject) Create(JsonObject parameters)
    {
        lock (gate)
        {
            creations.Add(parameters);
            if (parameters["channelData"]?["channel"]?["id"]?.GetValue<string>() is { } channel)
            {
                if (!conversations.TryGetValue(channel, out var root))
                {
                    return (404, Error("ConversationNotFound", "Conversation not found."));
                }
                var first = NextId();
                var thread = $"{channel};messageid={first}";
                conversations[thread] = [];
                if (parameters["activity"] is JsonObject activity)
                {
                    conversations[thread].Add(new FakeActivity(first, activity, Updates: 0));
                    root.Add(new FakeActivity(first, activity, Updates: 0));
                    Wrote("create", thread, first, activity);
                }
                return (201, new JsonObject { ["id"] = thread, ["activityId"] = first });
            }
            if (parameters["members"] is not JsonArray { Count: 1 } members || members[0]?["id"]?.GetValue<string>() is not { } user)
            {
                return (400, Error("BadArgument", "Exactly one member is needed for a 1:1 conversation."));
            }
            var personal = "a:" + user;
            conversations.TryAdd(personal, []);
            return (201, new JsonObject { ["id"] = personal });
        }
    }

    private (int, JsonObject) Send(string conversation, JsonObject activity)
    {
        lock (gate)
        {
            if (!conversations.TryGetValue(conversation, out var list))
            {
                return (404, Error("ConversationNotFound", "Conversation not found."));
            }
            var id = NextId();
            list.Add(new FakeActivity(id, activity, Updates: 0));
            Wrote("send", conversation, id, activity);
            return (201, new JsonObject { ["id"] = id });
        }
    }

    private (int, JsonObject) Update(string conversation, string activityId, JsonObject activity)
    {
        lock (gate)
        {
            var list = conversations.GetValueOrDefault(conversation);
            var index = list?.FindIndex(a => a.Id == activityId) ?? -1;
            if (list is null || index < 0)
            {
                return (404, Error("ActivityNotFoundInConversation", "Activity not found."));
            }
            list[index] = new FakeActivity(activityId, activity, list[index].Updates + 1);
            Wrote("update", conversation, activityId, activity);
            return (200, new JsonObject { ["id"] = activityId });
        }
    }

    private string NextId() => (nextActivity++).ToString(CultureInfo.InvariantCulture);

    private static string StatusCodeName(int status) => status switch
    {
        401 => "Unauthorized",
        412 => "PreconditionFailed",
        429 => "Throttled",
        _ => "ServiceError",
    };

    private static JsonObject Error(string code, string message) =>
        new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private sealed record Failure(int Status, int? RetryAfter, string? Code, string? Message);
}

/// <summary>An activity as the fake holds it: its id, its last body, and how often it was replaced.</summary>
public sealed record FakeActivity(string Id, JsonObject Body, int Updates);

/// <summary>One v3 call: what was asked, whether its token was good, and the status it was failed with.</summary>
public sealed record FakeRequest(
    string Operation, string Method, string Path, string? Conversation, string? ActivityId, JsonObject Body, bool Authorized, int? FailedWith);
