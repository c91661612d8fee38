using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace SupportBot.Local.Web;

/// <summary>
/// <c>GET /api/local/stream</c>: Server-Sent Events of the workspace's changes. A fresh connection gets
/// <c>hello</c> (load everything, then apply what follows); a reconnection with its last event id
/// (the browser's <c>Last-Event-ID</c>, or <c>?after=</c>) gets every change since, or <c>reset</c>
/// when they are no longer known. Each <c>message</c> and <c>conversation</c> event carries the
/// current state, so applying one twice is harmless.
/// </summary>
public static class LiveUpdates
{
    // Comments keep idle connections from being cut by proxies and let the browser notice a dead server.
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static async Task StreamAsync(
        HttpContext http, LocalChannel channel, LocalMessageViews views, IOptions<JsonOptions> json, IHostApplicationLifetime lifetime, string? after)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(lifetime);
        // The host must not wait for open streams when it stops.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var ct = stop.Token;
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var writer = new Writer(response, json.Value.SerializerOptions);

        var cursor = http.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? after;
        try
        {
            await response.WriteAsync("retry: 1000\n\n", ct);
            if (cursor is null)
            {
                cursor = channel.Feed.Cursor;
                await writer.EventAsync(cursor, "hello", new { cursor }, ct);
            }
            while (!ct.IsCancellationRequested)
            {
                var (changes, next) = channel.Feed.After(cursor);
                if (changes is null)
                {
                    cursor = channel.Feed.Cursor;
                    await writer.EventAsync(cursor, "reset", new { cursor }, ct);
                    continue;
                }
                foreach (var (id, change) in changes)
                {
                    await writer.ChangeAsync(id, change, channel, views, ct);
                    cursor = id;
                }
                try
                {
                    await next.WaitAsync(Heartbeat, ct);
                }
                catch (TimeoutException)
                {
                    await response.WriteAsync(": still here\n\n", ct);
                    await response.Body.FlushAsync(ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The page went away or the host is stopping.
        }
    }

    private sealed class Writer(HttpResponse response, JsonSerializerOptions options)
    {
        public async Task ChangeAsync(string id, LocalChange change, LocalChannel channel, LocalMessageViews views, CancellationToken ct)
        {
            if (change.MessageId is { } messageId)
            {
                if (channel.Message(messageId) is { } message)
                {
                    await EventAsync(id, "message", views.View(message), ct);
                }
            }
            else if (channel.Conversation(change.ConversationId) is { } conversation)
            {
                await EventAsync(id, "conversation", conversation, ct);
            }
        }

        public async Task EventAsync<T>(string id, string type, T data, CancellationToken ct)
        {
            // Serialised JSON has no raw line breaks, so one data line holds it.
            await response.WriteAsync($"id: {id}\nevent: {type}\ndata: {JsonSerializer.Serialize(data, options)}\n\n", ct);
            await response.Body.FlushAsync(ct);
        }
    }
}
