using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Core.Channels;
using SupportBot.Slack.Api;

namespace SupportBot.Slack.Inbound;

/// <summary>
/// Socket Mode (DESIGN §7): instead of public Request URLs, one WebSocket that Slack pushes envelopes
/// down. A fresh URL from <c>apps.connections.open</c> (app-level token) for every connection; each
/// envelope is acknowledged by its id (with the same answer the HTTP endpoint would give, where Slack
/// accepts one) and handled by the same dispatcher. A <c>disconnect</c> or a dropped socket
/// reconnects, with a growing pause after failures; <c>link_disabled</c> stops.
/// </summary>
public sealed partial class SlackSocketMode(
    SlackApiClient api, SlackDispatcher dispatcher, SlackFollowUps followUps, TimeProvider time, ILogger<SlackSocketMode> logger) : BackgroundService
{
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>Connections opened so far (tests and metrics).</summary>
    public int Connections { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            string? reason = null;
            try
            {
                reason = await ConnectOnceAsync(stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is WebSocketException or SlackApiException or ChannelException or HttpRequestException or IOException or JsonException)
            {
                failures++;
                LogDropped(e.GetType().Name, failures);
            }
            if (reason == "link_disabled")
            {
                LogDisabled();
                return;
            }
            await Task.Delay(Backoff(failures), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>No pause to follow Slack's own refresh; after failures, one more second each time, up to 30.</summary>
    public static TimeSpan Backoff(int failures) =>
        failures == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(failures, MaxBackoff.TotalSeconds));

    /// <summary>One connection, until Slack says disconnect (its reason is returned) or the socket drops (an exception).</summary>
    private async Task<string?> ConnectOnceAsync(CancellationToken ct)
    {
        var url = await api.OpenConnectionAsync(ct);
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        await socket.ConnectAsync(url, ct);
        Connections++;
        using var sending = new SemaphoreSlim(1, 1);
        while (socket.State == WebSocketState.Open)
        {
            var frame = await ReceiveAsync(socket, ct);
            if (frame is null)
            {
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "Slack closed the socket");
            }
            switch (SlackRefs.Text(frame["type"]))
            {
                case "hello":
                    LogConnected();
                    break;
                case "disconnect":
                    var reason = SlackRefs.Text(frame["reason"]) ?? "";
                    LogDisconnect(reason);
                    await CloseQuietlyAsync(socket);
                    return reason;
                default:
                    await HandleSafelyAsync(socket, sending, frame, ct);
                    break;
            }
        }
        throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "the socket closed");
    }

    private async Task HandleEnvelopeAsync(ClientWebSocket socket, SemaphoreSlim sending, JsonObject envelope, CancellationToken ct)
    {
        if (SlackRefs.Text(envelope["envelope_id"]) is not { } id || envelope["payload"] is not JsonObject payload)
        {
            return;
        }
        JsonObject? answer = null;
        Func<CancellationToken, Task>? rest = null;
        switch (SlackRefs.Text(envelope["type"]))
        {
            case "events_api":
                // Events take no answer: acknowledged once handled and committed, so a crash in between means
                // Slack sends it again (and a redelivery after a commit is de-duplicated by event_id).
                if (SlackRefs.Text(payload["type"]) == "event_callback")
                {
                    await dispatcher.HandleEventAsync(payload, ct);
                }
                await SendAsync(socket, sending, new JsonObject { ["envelope_id"] = id }, ct);
                return;
            case "slash_commands":
                var fields = payload.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal);
                (answer, rest) = await dispatcher.HandleCommandAsync(fields, ct);
                break;
            case "interactive":
                answer = await dispatcher.HandleInteractionAsync(payload, ct);
                break;
        }
        var ack = new JsonObject { ["envelope_id"] = id };
        if (answer is not null && envelope["accepts_response_payload"]?.GetValue<bool>() == true)
        {
            ack["payload"] = answer;
        }
        var acked = SendAsync(socket, sending, ack, ct);
        if (rest is not null)
        {
            // Once the ack (with the answer's first part) is written, so that the rest lands under it.
            followUps.After(acked, rest);
        }
        await acked;
    }

    /// <summary>
    /// One envelope that cannot be handled (malformed, or the store failing) is logged and acknowledged;
    /// it must not take the connection, or the app, down with it.
    /// </summary>
    private async Task HandleSafelyAsync(ClientWebSocket socket, SemaphoreSlim sending, JsonObject envelope, CancellationToken ct)
    {
        try
        {
            await HandleEnvelopeAsync(socket, sending, envelope, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException and not WebSocketException)
        {
            LogEnvelopeFailed(SlackRefs.Text(envelope["type"]) ?? "?", e.GetType().Name);
            if (SlackRefs.Text(envelope["envelope_id"]) is { } id)
            {
                await SendAsync(socket, sending, new JsonObject { ["envelope_id"] = id }, ct);
            }
        }
    }

    /// <summary>One whole text message, however many frames it came in; null when the socket closes.</summary>
    private static async Task<JsonObject?> ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        using var message = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            message.Write(buffer, 0, result.Count);
            if (message.Length > SlackRequest.MaxBodyBytes)
            {
                throw new WebSocketException(WebSocketError.Faulted, "a Socket Mode message over the size limit");
            }
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(message.ToArray()) as JsonObject;
            }
        }
    }

    /// <summary>ClientWebSocket allows one send at a time.</summary>
    private static async Task SendAsync(ClientWebSocket socket, SemaphoreSlim sending, JsonObject frame, CancellationToken ct)
    {
        await sending.WaitAsync(ct);
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, ct);
        }
        finally
        {
            sending.Release();
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "reconnecting", timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Slack is moving us anyway.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A Slack Socket Mode envelope ({Type}) could not be handled: {Error}")]
    private partial void LogEnvelopeFailed(string type, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack Socket Mode connected")]
    private partial void LogConnected();

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack asked to disconnect ({Reason}); reconnecting")]
    private partial void LogDisconnect(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack Socket Mode connection dropped ({Error}); reconnecting after failure {Failures}")]
    private partial void LogDropped(string error, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack Socket Mode is switched off in the app's settings (link_disabled); not reconnecting")]
    private partial void LogDisabled();
}
