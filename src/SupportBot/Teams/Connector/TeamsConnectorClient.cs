using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Outbox;

namespace SupportBot.Teams.Connector;

/// <summary>
/// The Bot Connector v3 conversations API (teams-protocol.md §5) against the service URL given per
/// call. A service URL outside <see cref="TeamsServiceUrls"/> is refused before any request, so
/// the token goes nowhere else. Failures leave as <see cref="ChannelException"/>: 429 rate limited
/// (Retry-After), 412 and 5xx transient, 401 transient once with a fresh token and then permanent,
/// 403/404 and other 4xx permanent with Teams' error code and message. Redirects are not followed
/// and the Authorization header is redacted from the HttpClient logs.
/// </summary>
public sealed partial class TeamsConnectorClient(
    IHttpClientFactory clients, TeamsTokenProvider tokens, IOptions<TeamsOptions> options, TimeProvider time, ILogger<TeamsConnectorClient> logger,
    SharedHolds? shared = null)
{
    /// <summary>The named HttpClient for Connector calls.</summary>
    public const string HttpClientName = "teams-connector";

    // Teams throttles per bot and thread (§5.5): a 429's Retry-After holds every call to that chat or channel,
    // reply chains included (ThreadOf).
    private readonly RetryAfterHolds holds = new(time, shared, "teams:");

    /// <summary>Spaces calls per thread and for the app within Teams' limits (§5.5), when <see cref="TeamsOptions.PaceSends"/>.</summary>
    public TeamsSendPacer Pacer { get; } = new(time);

    /// <summary>POST v3/conversations/{conversationId}/activities → the new activity's id.</summary>
    public async Task<string> SendToConversationAsync(string serviceUrl, string conversationId, JsonObject activity, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentNullException.ThrowIfNull(activity);
        var answer = await CallAsync("send", HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities", activity, ct, conversationId)
            .ConfigureAwait(false);
        return IdOf("send", answer);
    }

    /// <summary>POST v3/conversations/{conversationId}/activities/{activityId}: a reply in the activity's thread.</summary>
    public async Task<string> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, JsonObject activity, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        ArgumentNullException.ThrowIfNull(activity);
        activity["replyToId"] = activityId;
        var answer = await CallAsync("reply", HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", activity, ct, conversationId)
            .ConfigureAwait(false);
        return IdOf("reply", answer);
    }

    /// <summary>PUT v3/conversations/{conversationId}/activities/{activityId}: the whole activity is replaced.</summary>
    public async Task UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, JsonObject activity, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        ArgumentNullException.ThrowIfNull(activity);
        activity["id"] = activityId;
        await CallAsync("update", HttpMethod.Put, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", activity, ct, conversationId)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// POST v3/conversations with ConversationParameters (<c>bot</c>, <c>members</c>, <c>isGroup</c>,
    /// <c>tenantId</c>, <c>channelData</c>, <c>activity</c>): a 1:1 chat, or a new thread in a channel.
    /// </summary>
    public async Task<TeamsConversation> CreateConversationAsync(string serviceUrl, JsonObject parameters, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var answer = await CallAsync("create", HttpMethod.Post, serviceUrl, "v3/conversations", parameters, ct).ConfigureAwait(false);
        return new TeamsConversation(IdOf("create", answer), JsonText.Of(answer?["activityId"]), JsonText.Of(answer?["serviceUrl"]));
    }

    /// <summary>GET v3/teams/{teamId}: the team's name and the Entra group id Graph knows it by (teams-protocol.md §5.2, §7.1).</summary>
    public async Task<TeamsTeamDetails> GetTeamAsync(string serviceUrl, string teamId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(teamId);
        var answer = await CallAsync("team", HttpMethod.Get, serviceUrl, $"v3/teams/{Escape(teamId)}", null, ct).ConfigureAwait(false);
        return new TeamsTeamDetails(JsonText.Of(answer?["id"]) ?? teamId, JsonText.Of(answer?["name"]), JsonText.Of(answer?["aadGroupId"]));
    }

    /// <summary>GET v3/teams/{teamId}/conversations: the team's channels the bot can see (General has no name).</summary>
    public async Task<IReadOnlyList<TeamsTeamChannel>> GetTeamChannelsAsync(string serviceUrl, string teamId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(teamId);
        var answer = await CallAsync("channels", HttpMethod.Get, serviceUrl, $"v3/teams/{Escape(teamId)}/conversations", null, ct).ConfigureAwait(false);
        return [.. (answer?["conversations"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(c => JsonText.Of(c["id"]) is { Length: > 0 })
            .Select(c => new TeamsTeamChannel(JsonText.Of(c["id"])!, JsonText.Of(c["name"])))];
    }

    /// <summary>
    /// GET v3/conversations/{conversationId}/members/{userId}: one member's account (TeamsChannelAccount:
    /// <c>id</c>, <c>name</c>, <c>email</c>, <c>userPrincipalName</c>, <c>tenantId</c>…). In a team's
    /// channel the conversation is the team id.
    /// </summary>
    public async Task<JsonObject> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return await CallAsync("member", HttpMethod.Get, serviceUrl, $"v3/conversations/{Escape(conversationId)}/members/{Escape(userId)}", null, ct)
            .ConfigureAwait(false) ?? throw new ChannelException(ChannelFailure.Transient, "Teams member: no account in the answer");
    }

    /// <param name="conversation">The conversation a 429 holds, whose hold this call obeys and in whose thread it is paced (null: none).</param>
    private async Task<JsonObject?> CallAsync(
        string operation, HttpMethod method, string serviceUrl, string path, JsonObject? body, CancellationToken ct, string? conversation = null)
    {
        if (!TeamsServiceUrls.IsAllowed(serviceUrl, options.Value))
        {
            LogRefusedServiceUrl(operation, serviceUrl);
            throw new ChannelException(ChannelFailure.Permanent, $"Teams {operation}: service URL {serviceUrl} is not allowed");
        }
        if (conversation is not null && holds.Remaining(ThreadOf(conversation)) is { } held)
        {
            throw new ChannelException(ChannelFailure.RateLimited, $"Teams {operation}: 429 Throttled (this conversation's Retry-After has not ended)", held);
        }
        var url = new Uri(new Uri(serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/"), path);
        var json = body?.ToJsonString();
        var forceRefresh = false;
        while (true)
        {
            // A turn within Teams' windows first, held until the answer is in (a retry after a 401 is a call too).
            using var turn = options.Value.PaceSends
                ? await Pacer.WaitTurnAsync(conversation is null ? null : ThreadOf(conversation), ct).ConfigureAwait(false)
                : null;
            // Without an AppId (the loopback Emulator) there are no credentials: calls carry no token (§2.4).
            var token = options.Value.Enabled ? await tokens.GetTokenAsync(forceRefresh, ct).ConfigureAwait(false) : null;
            using var request = new HttpRequestMessage(method, url) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json") };
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            using var response = await SendAsync(operation, request, ct).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return await ReadAsync(response, ct).ConfigureAwait(false);
            }
            if (response.StatusCode == HttpStatusCode.Unauthorized && !forceRefresh && token is not null)
            {
                // A token revoked or rotated early: one fresh token and one more try (§3.2).
                LogUnauthorized(operation);
                forceRefresh = true;
                continue;
            }
            var failure = await FailureAsync(operation, response, ct).ConfigureAwait(false);
            if (failure is { Kind: ChannelFailure.RateLimited, RetryAfter: { } retryAfter } && conversation is not null)
            {
                holds.Hold(ThreadOf(conversation), retryAfter);
            }
            throw failure;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string operation, HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            return await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new ChannelException(ChannelFailure.Transient, $"Teams {operation}: timeout", null, ex) { Ambiguous = true };
        }
        catch (HttpRequestException ex)
        {
            throw new ChannelException(ChannelFailure.Transient, $"Teams {operation}: connection failed", null, ex) { Ambiguous = SendAmbiguity.AfterSending(ex) };
        }
    }

    private async Task<ChannelException> FailureAsync(string operation, HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var (code, message) = ErrorOf(await ReadAsync(response, ct).ConfigureAwait(false));
        var reason = $"Teams {operation}: {status} {code ?? response.StatusCode.ToString()}" + (message is null ? "" : $": {message}");
        var retryAfter = RetryAfter(response);
        var kind = response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => ChannelFailure.RateLimited,
            HttpStatusCode.PreconditionFailed => ChannelFailure.Transient,
            >= HttpStatusCode.InternalServerError => ChannelFailure.Transient,
            _ => ChannelFailure.Permanent,
        };
        LogFailed(operation, status, code ?? "-", kind);
        return new ChannelException(kind, reason, kind == ChannelFailure.Permanent ? null : retryAfter) { Ambiguous = SendAmbiguity.OfStatus(response.StatusCode) };
    }

    /// <summary>
    /// <c>{"error":{"code","message"}}</c>, or Teams' own <c>{"errorCode":209,"message":"{\"subCode\":…,\"details\":…}"}</c>
    /// (a blocked or uninstalled bot), whose words are in <c>details</c>, not <c>message</c>.
    /// </summary>
    private static (string? Code, string? Message) ErrorOf(JsonObject? body)
    {
        if (body?["error"] is JsonObject error)
        {
            return (JsonText.Of(error["code"]), JsonText.Of(error["message"]));
        }
        var message = JsonText.Of(body?["message"]);
        if (message is not null && message.TrimStart().StartsWith('{') && Parse(message) is { } inner && JsonText.Of(inner["subCode"]) is { } subCode)
        {
            return (subCode, JsonText.Of(inner["details"]) ?? JsonText.Of(inner["message"]) ?? message);
        }
        return (body?["errorCode"]?.ToJsonString(), message);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date > time.GetUtcNow() ? date - time.GetUtcNow() : TimeSpan.Zero,
        _ => null,
    };

    private static string IdOf(string operation, JsonObject? answer) =>
        JsonText.Of(answer?["id"]) is { Length: > 0 } id
            ? id
            // Teams accepted it: a retry would send it twice, so do not ask for one.
            : throw new ChannelException(ChannelFailure.Permanent, $"Teams {operation}: no id in the answer");

    private static async Task<JsonObject?> ReadAsync(HttpResponseMessage response, CancellationToken ct) =>
        Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));

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

    /// <summary>
    /// The Teams thread a conversation id belongs to: a channel's reply chain (<c>19:…@thread.tacv2;messageid=…</c>,
    /// the conversation of a click on a card) is in the channel, and so under the channel's limits.
    /// </summary>
    private static string ThreadOf(string conversation)
    {
        var chain = conversation.IndexOf(";messageid=", StringComparison.Ordinal);
        return chain < 0 ? conversation : conversation[..chain];
    }

    // Ids hold ':', '@' and ';' (19:…@thread.tacv2;messageid=…): each is one path segment (§5.1).
    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams {Operation} refused: service URL {ServiceUrl} is not allowed, nothing was sent")]
    private partial void LogRefusedServiceUrl(string operation, string serviceUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Teams {Operation} got 401; retrying once with a fresh token")]
    private partial void LogUnauthorized(string operation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams {Operation} failed: {Status} {Code} ({Failure})")]
    private partial void LogFailed(string operation, int status, string code, ChannelFailure failure);
}
