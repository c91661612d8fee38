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

namespace SupportBot.Tests.Slack.Fakes;

/// <summary>
/// A loopback fake of Slack: the Web API on <c>POST /api/{method}</c> (JSON or form bodies, the
/// token in the Authorization header, HTTP 200 with <c>{"ok":…}</c>), response URLs under
/// <c>/hooks/</c>, and Socket Mode on <c>/link/</c>. It keeps a small workspace (users, channels,
/// messages, pins, views), applies Slack's rules and error codes to it, records every call, and
/// fails on request (<see cref="FailNext"/>). Times (ts, trigger expiry, call times) come from the
/// clock it is given.
/// </summary>
public sealed partial class FakeSlack : IAsyncDisposable
{
    public const string BotToken = "xoxb-1111-2222-fakebottoken0001";
    public const string AppToken = "xapp-1-A0APP-3333-fakeapptoken0001";
    public const string BotUserId = "U0BOT";
    public const string BotId = "B0BOT";
    public const string TeamId = "T0001";
    public const string AppId = "A0APP";

    private readonly Lock gate = new();
    private readonly List<FakeCall> calls = [];
    private readonly Dictionary<string, Queue<Failure?>> failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<Afterwards>> afterwardsByMethod = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeUser> users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChannelState> channels = new(StringComparer.Ordinal);
    private readonly TimeProvider time;
    private WebApplication? app;
    private long lastTsSeconds;
    private int lastTsSequence;
    private int nextId;

    private FakeSlack(TimeProvider time)
    {
        this.time = time;
        users[BotUserId] = new FakeUser(BotUserId, "supportbot");
    }

    /// <summary>http://127.0.0.1:{port}/</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>What <c>SupportBot:Slack:ApiBaseUrl</c> should be: http://127.0.0.1:{port}/api/</summary>
    public Uri ApiBaseUrl => new(BaseUrl, "api/");

    /// <summary>Where the fake accepts response URL posts (admit it through the client's test hook).</summary>
    public Uri HooksBaseUrl => new(BaseUrl, "hooks/");

    /// <summary>Public channels accept posts from the bot without it joining (the chat:write.public scope).</summary>
    public bool ChatWritePublic { get; set; } = true;

    public static async Task<FakeSlack> StartAsync(TimeProvider? time = null)
    {
        var fake = new FakeSlack(time ?? TimeProvider.System);
        (fake.app, fake.BaseUrl) = await LoopbackServer.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Use(fake.CountInFlightAsync);
            app.MapPost("/api/{method}", fake.HandleApiAsync);
            app.MapPost("/hooks/{**path}", fake.HandleHookAsync);
            app.Map("/link", fake.HandleSocketAsync);
        });
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        DropConnections();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private async Task HandleApiAsync(HttpContext context, string method)
    {
        var request = context.Request;
        JsonObject args;
        string? warning = null;
        try
        {
            args = await ReadArgsAsync(request);
            if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true
                && !request.ContentType.Contains("charset", StringComparison.OrdinalIgnoreCase))
            {
                warning = "missing_charset";
            }
        }
        catch (JsonException)
        {
            await WriteAsync(context, Error("invalid_json"));
            return;
        }

        var auth = Authenticate(request, method);
        Failure? failure = null;
        lock (gate)
        {
            if (auth is null && failures.TryGetValue(method, out var queue) && queue.Count > 0)
            {
                failure = queue.Dequeue();
            }
            else if (auth is null)
            {
                failure = Scripted(method, args) ?? OverLimit(method, args);
            }
            calls.Add(new FakeCall(method, args.DeepClone().AsObject(), request.ContentType, time.GetUtcNow(), failure is not null));
        }
        if (auth is not null)
        {
            await WriteAsync(context, Error(auth));
            return;
        }
        if (failure is not null)
        {
            await FailAsync(context, failure);
            return;
        }

        JsonObject answer;
        lock (gate)
        {
            try
            {
                answer = Dispatch(method, args);
            }
            catch (JsonException)
            {
                // A structured argument (blocks, view) sent as a string that is not JSON.
                answer = Error("invalid_arguments", "[ERROR] failed to parse a JSON-encoded argument");
            }
        }
        if (warning is not null && answer["ok"]?.GetValue<bool>() == true)
        {
            answer["warning"] = warning;
        }
        Afterwards? afterwards = null;
        lock (gate)
        {
            if (afterwardsByMethod.TryGetValue(method, out var later) && later.Count > 0)
            {
                afterwards = later.Dequeue();
            }
        }
        if (afterwards is { Reset: true })
        {
            context.Abort();
            return;
        }
        if (afterwards?.Until is { } until)
        {
            try
            {
                await until.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // The client gave up: the call was performed all the same.
            }
        }
        await WriteAsync(context, answer);
    }

    private JsonObject Dispatch(string method, JsonObject args) => method switch
    {
        "auth.test" => Ok(new JsonObject
        {
            ["url"] = "https://fake.slack.com/",
            ["team"] = "Fake",
            ["user"] = "supportbot",
            ["team_id"] = TeamId,
            ["user_id"] = BotUserId,
            ["bot_id"] = BotId,
            ["is_enterprise_install"] = false,
        }),
        "users.info" => UsersInfo(args),
        "users.lookupByEmail" => LookupByEmail(args),
        "chat.postMessage" => PostMessage(args),
        "chat.update" => UpdateMessage(args),
        "chat.postEphemeral" => PostEphemeral(args),
        "pins.add" => AddPin(args),
        "conversations.open" => OpenConversation(args),
        "conversations.create" => CreateConversation(args),
        "conversations.invite" => Invite(args),
        "conversations.setTopic" => SetTopic(args),
        "conversations.archive" => Archive(args),
        "conversations.history" => History(args),
        "views.open" => OpenView(args),
        "views.update" => UpdateView(args),
        "views.publish" => PublishView(args),
        "apps.connections.open" => OpenConnection(),
        _ => Error("unknown_method"),
    };

    /// <summary>Null when the token fits the method; otherwise Slack's error code.</summary>
    private static string? Authenticate(HttpRequest request, string method)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return "not_authed";
        }
        var token = header["Bearer ".Length..];
        var appMethod = method == "apps.connections.open";
        return token switch
        {
            BotToken => appMethod ? "not_allowed_token_type" : null,
            AppToken => appMethod ? null : "not_allowed_token_type",
            _ => "invalid_auth",
        };
    }

    private static async Task<JsonObject> ReadArgsAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            var args = new JsonObject();
            foreach (var (key, value) in form)
            {
                args[key] = value.ToString();
            }
            return args;
        }
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        return body.Length == 0 ? [] : JsonNode.Parse(body) as JsonObject ?? throw new JsonException("json_not_object");
    }

    private static async Task FailAsync(HttpContext context, Failure failure)
    {
        if (failure.RetryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        if (failure.Status == 429)
        {
            context.Response.StatusCode = 429;
            await WriteBodyAsync(context, Error(failure.Error ?? "ratelimited"));
        }
        else if (failure.Status != 200)
        {
            context.Response.StatusCode = failure.Status;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body>Slack is having trouble</body></html>");
        }
        else
        {
            await WriteAsync(context, Error(failure.Error!));
        }
    }

    private static Task WriteAsync(HttpContext context, JsonObject answer)
    {
        context.Response.StatusCode = 200;
        return WriteBodyAsync(context, answer);
    }

    private static Task WriteBodyAsync(HttpContext context, JsonObject answer)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(answer.ToJsonString());
    }

    private static JsonObject Ok(JsonObject? fields = null)
    {
        var answer = new JsonObject { ["ok"] = true };
        foreach (var (key, value) in fields ?? [])
        {
            answer[key] = value?.DeepClone();
        }
        return answer;
    }

    private static JsonObject Error(string error, params string[] messages)
    {
        var answer = new JsonObject { ["ok"] = false, ["error"] = error };
        if (messages.Length > 0)
        {
            answer["response_metadata"] = new JsonObject { ["messages"] = new JsonArray([.. messages.Select(m => (JsonNode)m)]) };
        }
        return answer;
    }

    /// <summary>"1767225700.000200": seconds from the clock, then a sequence, always increasing.</summary>
    private string NextTs()
    {
        var seconds = time.GetUtcNow().ToUnixTimeSeconds();
        if (seconds > lastTsSeconds)
        {
            (lastTsSeconds, lastTsSequence) = (seconds, 100);
        }
        else if ((lastTsSequence += 100) > 999_999)
        {
            (lastTsSeconds, lastTsSequence) = (lastTsSeconds + 1, 100);
        }
        return $"{lastTsSeconds.ToString(CultureInfo.InvariantCulture)}.{lastTsSequence.ToString("D6", CultureInfo.InvariantCulture)}";
    }

    private string NewId(char prefix) => $"{prefix}0{(++nextId).ToString("D8", CultureInfo.InvariantCulture)}";

    private static string? Text(JsonObject args, string name) =>
        args[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    /// <summary>A boolean argument, from JSON (true) or a form ("true", "1").</summary>
    private static bool Flag(JsonObject args, string name) => args[name] switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s is "true" or "1",
        _ => false,
    };

    /// <summary>A structured argument: a JSON value, or (form bodies) a JSON-encoded string. Null when absent.</summary>
    private static JsonNode? Structured(JsonObject args, string name) =>
        args[name] is JsonValue v && v.TryGetValue<string>(out var encoded) ? JsonNode.Parse(encoded) : args[name]?.DeepClone();
}
