using System.Collections.Frozen;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Outbox;

namespace SupportBot.Slack.Api;

/// <summary>
/// Slack's Web API over HttpClient (https://docs.slack.dev/apis/web-api/): every method is a POST
/// with the token in the Authorization header, never in the URL or body. Business outcomes come back
/// as HTTP 200 with <c>{"ok":…}</c>; a failure is thrown as <see cref="SlackApiException"/> carrying
/// Slack's error code and what it means for a retry. Request headers are redacted in the
/// HttpClient logs, bodies are never logged, and <c>response_url</c>s go through a separate client
/// that neither logs nor follows redirects.
/// </summary>
public sealed partial class SlackApiClient
{
    /// <summary>The named HttpClient for the Web API; its base address is <see cref="SlackOptions.ApiBaseUrl"/>.</summary>
    public const string ApiClientName = "slack-api";

    /// <summary>The named HttpClient for response URLs: no redirects, no logging (the URL is a credential).</summary>
    public const string ResponseUrlClientName = "slack-response-url";

    private const string ResponseUrlMethod = "response_url";

    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    // Methods Slack documents as not taking a JSON body; they get form fields instead.
    private static readonly FrozenSet<string> FormMethods = FrozenSet.ToFrozenSet(
        ["users.info", "users.lookupByEmail", "conversations.info", "conversations.history", "chat.getPermalink", "oauth.v2.access", "apps.connections.open"],
        StringComparer.Ordinal);

    private readonly IHttpClientFactory clients;
    private readonly IOptions<SlackOptions> options;
    private readonly TimeProvider time;
    private readonly ILogger<SlackApiClient> logger;
    private Uri? testResponseUrlBase;

    public SlackApiClient(IHttpClientFactory clients, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackApiClient> logger, SharedHolds? shared = null)
    {
        this.clients = clients ?? throw new ArgumentNullException(nameof(clients));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        Pacer = new SlackPostPacer(time, options.Value.PostInterval);
        Holds = new RetryAfterHolds(time, shared, "slack:");
    }

    /// <summary>Spaces <c>chat.postMessage</c> calls per channel (about one a second, Slack's limit).</summary>
    public SlackPostPacer Pacer { get; }

    /// <summary>Methods Slack rate limited, until their Retry-After ends (a limit applies to the method workspace-wide).</summary>
    public RetryAfterHolds Holds { get; }

    /// <summary>Calls a method with the bot token.</summary>
    public Task<JsonObject> CallAsync(string method, JsonObject args, CancellationToken ct) =>
        CallAsync(method, args, options.Value.BotToken ?? "", ct);

    /// <summary>
    /// Calls a method with the given token (the app-level token for <c>apps.connections.open</c>).
    /// Returns the whole response when <c>ok</c> is true. <c>chat.postMessage</c> first waits for its
    /// channel's turn (<see cref="Pacer"/>).
    /// </summary>
    public async Task<JsonObject> CallAsync(string method, JsonObject args, string token, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length == 0)
        {
            throw new SlackApiException(method, "not_authed", ChannelFailure.Permanent);
        }
        if (Holds.Remaining(method) is { } held)
        {
            throw new SlackApiException(method, "ratelimited", ChannelFailure.RateLimited, held);
        }
        if (method == "chat.postMessage" && args["channel"] is JsonValue channel && channel.TryGetValue<string>(out var channelId))
        {
            await Pacer.WaitTurnAsync(channelId, ct).ConfigureAwait(false);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(method, UriKind.Relative)) { Content = Encode(method, args) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await SendAsync(clients.CreateClient(ApiClientName), request, method, ct).ConfigureAwait(false);
        ThrowOnStatus(method, response);

        var body = await ReadObjectAsync(method, response, ct).ConfigureAwait(false)
            ?? throw new SlackApiException(method, "invalid_response", ChannelFailure.Transient) { Ambiguous = true };
        if (body["ok"] is JsonValue ok && ok.TryGetValue<bool>(out var isOk) && isOk)
        {
            if (JsonText.Of(body["warning"]) is { } warning)
            {
                LogWarned(method, warning);
            }
            return body;
        }
        var error = JsonText.Of(body["error"]) ?? "unknown_error";
        throw Failed(method, error, body, RetryAfter(response));
    }

    /// <summary>
    /// <c>apps.connections.open</c> with the app-level token: a fresh, short-lived Socket Mode URL
    /// (https://docs.slack.dev/reference/methods/apps.connections.open/). The URL holds a ticket,
    /// which is a credential: never log it.
    /// </summary>
    public async Task<Uri> OpenConnectionAsync(CancellationToken ct)
    {
        const string Method = "apps.connections.open";
        var token = options.Value.AppToken;
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new SlackApiException(Method, "not_authed", ChannelFailure.Permanent);
        }
        var response = await CallAsync(Method, [], token, ct).ConfigureAwait(false);
        return Uri.TryCreate(JsonText.Of(response["url"]), UriKind.Absolute, out var url)
            ? url
            : throw new SlackApiException(Method, "invalid_response", ChannelFailure.Transient, response: response);
    }

    /// <summary>
    /// Posts a message to a <c>response_url</c> from a verified payload. Anything but
    /// <c>https://hooks.slack.com/…</c> is refused with an <see cref="ArgumentException"/> before any
    /// request is made; a redirect is a failure, never followed.
    /// </summary>
    public async Task PostToResponseUrlAsync(string url, JsonObject body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!SlackResponseUrl.IsAllowed(url, testResponseUrlBase))
        {
            // The URL itself stays out of the message: if it is a real one, it is a credential.
            throw new ArgumentException("Not a Slack response URL (https://hooks.slack.com/…); nothing was sent.", nameof(url));
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Absolute))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        using var response = await SendAsync(clients.CreateClient(ResponseUrlClientName), request, ResponseUrlMethod, ct).ConfigureAwait(false);
        if ((int)response.StatusCode is >= 300 and < 400)
        {
            throw new SlackApiException(ResponseUrlMethod, "redirect_refused", ChannelFailure.Permanent);
        }
        ThrowOnStatus(ResponseUrlMethod, response);
        // Slack answers "ok" as text, or a JSON error such as {"ok":false,"error":"expired_url"}.
        var answer = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (answer.TrimStart().StartsWith('{') && TryParse(answer) is { } json
            && json["ok"] is JsonValue ok && ok.TryGetValue<bool>(out var isOk) && !isOk)
        {
            throw Failed(ResponseUrlMethod, JsonText.Of(json["error"]) ?? "unknown_error", json, null);
        }
    }

    /// <summary>Whether <see cref="PostToResponseUrlAsync"/> would post to <paramref name="url"/> (it refuses anything else).</summary>
    public bool AcceptsResponseUrl(string? url) => SlackResponseUrl.IsAllowed(url, testResponseUrlBase);

    /// <summary>
    /// Tests only: also admit response URLs under <paramref name="baseUrl"/> (a loopback fake). Internal
    /// on purpose: no configuration setting can widen the allow-list.
    /// </summary>
    internal void AllowResponseUrlBaseForTests(Uri baseUrl) => testResponseUrlBase = baseUrl;

    private static HttpContent Encode(string method, JsonObject args)
    {
        if (!FormMethods.Contains(method))
        {
            // Gives "application/json; charset=utf-8": without the charset Slack warns missing_charset.
            return new StringContent(args.ToJsonString(), Encoding.UTF8, "application/json");
        }
        // Scalars as text, structured arguments as JSON-encoded strings (Slack's form convention).
        return new FormUrlEncodedContent(args.Select(a => KeyValuePair.Create(a.Key, JsonText.Of(a.Value) ?? a.Value?.ToJsonString() ?? "")));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string method, CancellationToken ct)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new SlackApiException(method, "timeout", ChannelFailure.Transient, inner: ex) { Ambiguous = true };
        }
        catch (HttpRequestException ex)
        {
            throw new SlackApiException(method, "connection_failed", ChannelFailure.Transient, inner: ex) { Ambiguous = SendAmbiguity.AfterSending(ex) };
        }
    }

    private void ThrowOnStatus(string method, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var retryAfter = RetryAfter(response) ?? DefaultRetryAfter;
            LogRateLimited(method, retryAfter);
            if (method != ResponseUrlMethod)
            {
                Holds.Hold(method, retryAfter);
            }
            throw new SlackApiException(method, "ratelimited", ChannelFailure.RateLimited, retryAfter);
        }
        if (status >= 500)
        {
            throw new SlackApiException(method, $"http_{status}", ChannelFailure.Transient, RetryAfter(response)) { Ambiguous = SendAmbiguity.OfStatus(response.StatusCode) };
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new SlackApiException(method, $"http_{status}", ChannelFailure.Permanent);
        }
    }

    private SlackApiException Failed(string method, string error, JsonObject body, TimeSpan? retryAfter)
    {
        var failure = SlackErrors.FailureOf(error);
        if (SlackErrors.Explains(error) && body["response_metadata"]?["messages"] is JsonArray messages)
        {
            LogExplained(method, error, string.Join("; ", messages.Select(m => JsonText.Of(m) ?? m?.ToJsonString())));
        }
        else if (error == "missing_scope")
        {
            LogMissingScope(method, JsonText.Of(body["needed"]) ?? "?", JsonText.Of(body["provided"]) ?? "?");
        }
        else if (failure == ChannelFailure.RateLimited)
        {
            retryAfter ??= DefaultRetryAfter;
            LogRateLimited(method, retryAfter.Value);
            if (method != ResponseUrlMethod)
            {
                Holds.Hold(method, retryAfter.Value);
            }
        }
        else
        {
            LogFailed(method, error);
        }
        return new SlackApiException(method, error, failure, failure == ChannelFailure.RateLimited ? retryAfter : null, body)
        {
            Ambiguous = SlackErrors.MayHaveActed(error),
        };
    }

    private static async Task<JsonObject?> ReadObjectAsync(string method, HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            return await JsonNode.ParseAsync(stream, cancellationToken: ct).ConfigureAwait(false) as JsonObject;
        }
        catch (JsonException ex)
        {
            // A proxy's HTML error page, a truncated body: Slack did not answer properly, so try again later.
            throw new SlackApiException(method, "invalid_response", ChannelFailure.Transient, inner: ex) { Ambiguous = true };
        }
    }

    private static JsonObject? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date > time.GetUtcNow() ? date - time.GetUtcNow() : TimeSpan.Zero,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack {Method} failed: {Error}")]
    private partial void LogFailed(string method, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack {Method} failed: {Error}: {Messages}")]
    private partial void LogExplained(string method, string error, string messages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack {Method} failed: missing_scope (needs {Needed}; the token has {Provided})")]
    private partial void LogMissingScope(string method, string needed, string provided);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack {Method} is rate limited; retry after {RetryAfter}")]
    private partial void LogRateLimited(string method, TimeSpan retryAfter);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Slack {Method} succeeded with a warning: {Warning}")]
    private partial void LogWarned(string method, string warning);
}
