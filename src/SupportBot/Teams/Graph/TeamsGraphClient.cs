using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Outbox;

namespace SupportBot.Teams.Graph;

/// <summary>
/// The two Graph calls a bridge needs (teams-protocol.md §7): create a standard channel, and archive it
/// (v1.0 <c>POST /teams/{team-id}/channels/{channel-id}/archive</c>, 202 Accepted). Failures leave as
/// <see cref="ChannelException"/>: 429 rate limited with Retry-After, 5xx and 408 transient, 401 once more
/// with a fresh token, anything else permanent with Graph's code and message. The Graph token goes to
/// <see cref="TeamsGraphOptions.BaseUrl"/> only; redirects are not followed.
/// </summary>
public sealed partial class TeamsGraphClient(
    IHttpClientFactory clients, GraphTokenProvider tokens, IOptions<TeamsOptions> options, TimeProvider time, ILogger<TeamsGraphClient> logger)
{
    public const string HttpClientName = "teams-graph";

    /// <summary>Graph refuses longer descriptions.</summary>
    public const int MaxDescription = 1024;

    /// <summary>POST teams/{teamId}/channels → the new channel's id; null when a channel of that name exists already.</summary>
    public async Task<string?> CreateChannelAsync(string teamId, string displayName, string description, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(teamId);
        ArgumentException.ThrowIfNullOrEmpty(displayName);
        ArgumentNullException.ThrowIfNull(description);
        var body = new JsonObject
        {
            ["displayName"] = displayName,
            ["description"] = description.Length > MaxDescription ? description[..MaxDescription] : description,
            ["membershipType"] = "standard",
        };
        var (status, answer) = await CallAsync("create channel", $"teams/{Escape(teamId)}/channels", body, NameTaken, ct).ConfigureAwait(false);
        if (status != HttpStatusCode.Created && status != HttpStatusCode.OK)
        {
            return null;
        }
        return JsonText.Of(answer?["id"]) is { Length: > 0 } id
            ? id
            : throw new ChannelException(ChannelFailure.Permanent, "Graph create channel: no id in the answer");
    }

    /// <summary>POST teams/{teamId}/channels/{channelId}/archive: accepted (202) and done by Teams in the background.</summary>
    public async Task ArchiveChannelAsync(string teamId, string channelId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(teamId);
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        await CallAsync("archive channel", $"teams/{Escape(teamId)}/channels/{Escape(channelId)}/archive", new JsonObject(), null, ct).ConfigureAwait(false);
    }

    /// <summary>Graph has answered a taken name with 409 and with 400 "…already existed…".</summary>
    private static bool NameTaken(HttpStatusCode status, string? message) =>
        status == HttpStatusCode.Conflict
        || (status == HttpStatusCode.BadRequest && message?.Contains("already exist", StringComparison.OrdinalIgnoreCase) == true);

    private async Task<(HttpStatusCode Status, JsonObject? Answer)> CallAsync(
        string operation, string path, JsonObject body, Func<HttpStatusCode, string?, bool>? expected, CancellationToken ct)
    {
        var url = new Uri(options.Value.Graph.BaseUrl, path);
        var json = body.ToJsonString();
        var forceRefresh = false;
        while (true)
        {
            var token = await tokens.GetTokenAsync(forceRefresh, ct).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await SendAsync(operation, request, ct).ConfigureAwait(false);
            var answer = Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
            if (response.IsSuccessStatusCode)
            {
                return (response.StatusCode, answer);
            }
            if (response.StatusCode == HttpStatusCode.Unauthorized && !forceRefresh)
            {
                forceRefresh = true;
                continue;
            }
            var code = JsonText.Of(answer?["error"]?["code"]);
            var message = JsonText.Of(answer?["error"]?["message"]);
            if (expected?.Invoke(response.StatusCode, message) == true)
            {
                return (response.StatusCode, answer);
            }
            throw Failure(operation, response, code, message);
        }
    }

    private ChannelException Failure(string operation, HttpResponseMessage response, string? code, string? message)
    {
        var status = (int)response.StatusCode;
        var kind = response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => ChannelFailure.RateLimited,
            HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError => ChannelFailure.Transient,
            _ => ChannelFailure.Permanent,
        };
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
            { Date: { } date } => date > time.GetUtcNow() ? date - time.GetUtcNow() : TimeSpan.Zero,
            _ => (TimeSpan?)null,
        };
        LogFailed(operation, status, code ?? "-", kind);
        return new ChannelException(kind, $"Graph {operation}: {status} {code ?? response.StatusCode.ToString()}" + (message is null ? "" : $": {message}"),
            kind == ChannelFailure.Permanent ? null : retryAfter)
        { Ambiguous = SendAmbiguity.OfStatus(response.StatusCode) };
    }

    private async Task<HttpResponseMessage> SendAsync(string operation, HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            return await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new ChannelException(ChannelFailure.Transient, $"Graph {operation}: timeout", null, ex) { Ambiguous = true };
        }
        catch (HttpRequestException ex)
        {
            throw new ChannelException(ChannelFailure.Transient, $"Graph {operation}: connection failed", null, ex) { Ambiguous = SendAmbiguity.AfterSending(ex) };
        }
    }

    private static JsonObject? Parse(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Team ids are GUIDs; channel ids hold ':' and '@' (19:…@thread.tacv2): each is one path segment.
    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph {Operation} failed: {Status} {Code} ({Failure})")]
    private partial void LogFailed(string operation, int status, string code, ChannelFailure failure);
}
