using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SupportBot.Tests.Teams.Fakes;

/// <summary>
/// A loopback fake of the part of Microsoft Graph a bridge uses: its own token endpoint (client
/// credentials for <c>https://graph.microsoft.com/.default</c> only), <c>POST v1.0/teams/{id}/channels</c>
/// (201 with the new id; a taken name is 400 as Graph words it), and
/// <c>POST v1.0/teams/{id}/channels/{id}/archive</c> (202). Failures on request (<see cref="FailNext"/>):
/// 403, 429 with Retry-After, 5xx, with Graph's error body.
/// </summary>
public sealed class FakeGraph : IAsyncDisposable
{
    public const string Scope = "https://graph.microsoft.com/.default";

    private readonly Lock gate = new();
    private readonly Dictionary<string, List<FakeGraphChannel>> teams = new(StringComparer.Ordinal);
    private readonly Queue<(int Status, int? RetryAfter, string Code, string Message)> failures = new();
    private readonly HashSet<string> validTokens = new(StringComparer.Ordinal);
    private readonly List<FakeGraphRequest> requests = [];
    private readonly List<string> archived = [];
    private WebApplication? app;
    private int next;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Where the app points <c>SupportBot:Teams:Graph:BaseUrl</c>.</summary>
    public Uri ApiUrl => new(BaseUrl, "v1.0/");

    public Uri TokenEndpoint => new(BaseUrl, "oauth2/v2.0/token");

    /// <summary>Told each new channel's id, e.g. to make it a conversation the fake Connector knows.</summary>
    public Action<string>? ChannelCreated { get; set; }

    public IReadOnlyList<string> IssuedTokens
    {
        get
        {
            lock (gate)
            {
                return [.. validTokens];
            }
        }
    }

    public IReadOnlyList<FakeGraphRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    public IReadOnlyList<string> Archived
    {
        get
        {
            lock (gate)
            {
                return [.. archived];
            }
        }
    }

    public static async Task<FakeGraph> StartAsync()
    {
        var fake = new FakeGraph();
        (fake.app, fake.BaseUrl) = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/oauth2/v2.0/token", fake.IssueTokenAsync);
            app.MapPost("/v1.0/teams/{team}/channels", (HttpContext ctx, string team) => fake.HandleAsync(ctx, team, null));
            app.MapPost("/v1.0/teams/{team}/channels/{channel}/archive", (HttpContext ctx, string team, string channel) => fake.HandleAsync(ctx, team, channel));
        });
        return fake;
    }

    /// <summary>A team Graph knows, by its group id.</summary>
    public void AddTeam(string groupId)
    {
        lock (gate)
        {
            teams.TryAdd(groupId, []);
        }
    }

    public IReadOnlyList<FakeGraphChannel> Channels(string groupId)
    {
        lock (gate)
        {
            return teams.TryGetValue(groupId, out var list) ? [.. list] : [];
        }
    }

    public void FailNext(int status, int? retryAfter = null, string code = "Forbidden", string message = "Missing role permissions on the request.")
    {
        lock (gate)
        {
            failures.Enqueue((status, retryAfter, code, message));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private async Task IssueTokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "client_credentials" || form["scope"] != Scope)
        {
            await WriteAsync(context, 400, new JsonObject { ["error"] = "invalid_scope" });
            return;
        }
        if (form["client_id"] != FakeConnector.AppId || form["client_secret"] != FakeConnector.AppPassword)
        {
            await WriteAsync(context, 401, new JsonObject { ["error"] = "invalid_client" });
            return;
        }
        var token = "eyJgraph." + Guid.NewGuid().ToString("N") + ".sig";
        lock (gate)
        {
            validTokens.Add(token);
        }
        await WriteAsync(context, 200, new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = 3600, ["access_token"] = token });
    }

    private async Task HandleAsync(HttpContext context, string team, string? channel)
    {
        JsonObject body;
        try
        {
            body = context.Request.ContentLength is null or 0 ? [] : await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            await WriteAsync(context, 400, Error("BadRequest", "Invalid JSON"));
            return;
        }
        var auth = context.Request.Headers.Authorization.ToString();
        (int Status, int? RetryAfter, string Code, string Message)? failure = null;
        bool authorized;
        lock (gate)
        {
            authorized = auth.StartsWith("Bearer ", StringComparison.Ordinal) && validTokens.Contains(auth["Bearer ".Length..]);
            if (authorized && failures.Count > 0)
            {
                failure = failures.Dequeue();
            }
            requests.Add(new FakeGraphRequest(channel is null ? "create" : "archive", team, channel, body, authorized, failure?.Status));
        }
        if (!authorized)
        {
            await WriteAsync(context, 401, Error("InvalidAuthenticationToken", "Access token validation failure."));
            return;
        }
        if (failure is { } f)
        {
            if (f.RetryAfter is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }
            await WriteAsync(context, f.Status, Error(f.Code, f.Message));
            return;
        }
        var (status, answer, created) = channel is null ? Create(team, body) : Archive(team, channel);
        if (created is not null)
        {
            ChannelCreated?.Invoke(created);
        }
        await WriteAsync(context, status, answer);
    }

    private (int, JsonObject, string?) Create(string team, JsonObject body)
    {
        lock (gate)
        {
            if (!teams.TryGetValue(team, out var channels))
            {
                return (404, Error("NotFound", "No team found with Group Id " + team), null);
            }
            var name = body["displayName"]?.GetValue<string>() ?? "";
            if (name.Length is 0 or > 50 || name.IndexOfAny(['~', '#', '%', '&', '*', '{', '}', '+', '/', '\\', ':', '<', '>', '?', '|', '\'', '"', ',']) >= 0)
            {
                return (400, Error("BadRequest", "Invalid channel name."), null);
            }
            if (channels.Any(c => string.Equals(c.DisplayName, name, StringComparison.OrdinalIgnoreCase)))
            {
                return (400, Error("BadRequest", "Channel name already existed, please use other name."), null);
            }
            var id = $"19:bridge{++next}@thread.tacv2";
            channels.Add(new FakeGraphChannel(id, name, body["description"]?.GetValue<string>(), body["membershipType"]?.GetValue<string>()));
            return (201, new JsonObject { ["id"] = id, ["displayName"] = name, ["membershipType"] = "standard" }, id);
        }
    }

    private (int, JsonObject, string?) Archive(string team, string channel)
    {
        lock (gate)
        {
            if (!teams.TryGetValue(team, out var channels) || channels.All(c => c.Id != channel))
            {
                return (404, Error("NotFound", "Channel not found."), null);
            }
            archived.Add(channel);
            return (202, [], null);
        }
    }

    private static JsonObject Error(string code, string message) =>
        new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }
}

public sealed record FakeGraphChannel(string Id, string DisplayName, string? Description, string? MembershipType);

public sealed record FakeGraphRequest(string Operation, string Team, string? Channel, JsonObject Body, bool Authorized, int? FailedWith);
