using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SupportBot.Tests.Slack.Fakes;

/// <summary>
/// Socket Mode: apps.connections.open hands out single-use tickets for <c>ws://…/link/?ticket=…</c>;
/// each connection gets <c>hello</c>, then whatever envelopes the test pushes, and the test reads the
/// client's ack for each. The test can also ask a connection to go (<c>disconnect</c>) or cut it.
/// </summary>
public sealed partial class FakeSlack
{
    private readonly HashSet<string> tickets = new(StringComparer.Ordinal);
    private readonly List<SocketConnection> sockets = [];
    private readonly List<(int Opened, TaskCompletionSource Done)> connectionWaiters = [];
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> pendingAcks = new(StringComparer.Ordinal);
    private readonly List<JsonObject> frames = [];
    private int connectionsOpened;

    /// <summary>Socket Mode connections accepted so far (reconnects count).</summary>
    public int ConnectionsOpened
    {
        get
        {
            lock (gate)
            {
                return connectionsOpened;
            }
        }
    }

    public int OpenConnections
    {
        get
        {
            lock (gate)
            {
                return sockets.Count;
            }
        }
    }

    /// <summary>Every text frame clients sent (acks, and anything else).</summary>
    public IReadOnlyList<JsonObject> ClientFrames()
    {
        lock (gate)
        {
            return [.. frames.Select(f => f.DeepClone().AsObject())];
        }
    }

    /// <summary>Completes once <paramref name="opened"/> connections have been accepted and greeted.</summary>
    public Task WaitForConnectionsAsync(int opened, CancellationToken ct = default)
    {
        lock (gate)
        {
            if (connectionsOpened >= opened)
            {
                return Task.CompletedTask;
            }
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            connectionWaiters.Add((opened, waiter));
            return waiter.Task.WaitAsync(ct);
        }
    }

    /// <summary>
    /// Sends an envelope on the newest connection; the task completes with the client's ack
    /// (<c>{"envelope_id":…}</c>, with <c>payload</c> if it answered one).
    /// </summary>
    public async Task<JsonObject> SendEnvelopeAsync(string type, JsonObject payload, bool acceptsResponsePayload, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        SocketConnection connection;
        lock (gate)
        {
            connection = sockets.LastOrDefault() ?? throw new InvalidOperationException("No Socket Mode connection is open.");
        }
        var envelopeId = Guid.NewGuid().ToString();
        var ack = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        pendingAcks[envelopeId] = ack;
        await connection.SendAsync(new JsonObject
        {
            ["envelope_id"] = envelopeId,
            ["type"] = type,
            ["accepts_response_payload"] = acceptsResponsePayload,
            ["retry_attempt"] = 0,
            ["retry_reason"] = "",
            ["payload"] = payload.DeepClone(),
        }, ct);
        return await ack.Task.WaitAsync(ct);
    }

    /// <summary>Tells every open connection to go (<c>warning</c>, <c>refresh_requested</c>, <c>too_many_websockets</c>, <c>link_disabled</c>).</summary>
    public async Task SendDisconnectAsync(string reason, CancellationToken ct = default)
    {
        List<SocketConnection> open;
        lock (gate)
        {
            open = [.. sockets];
        }
        foreach (var connection in open)
        {
            await connection.SendAsync(new JsonObject
            {
                ["type"] = "disconnect",
                ["reason"] = reason,
                ["debug_info"] = new JsonObject { ["host"] = "fake-applink" },
            }, ct);
        }
    }

    /// <summary>Cuts every connection without a close frame, like a network failure.</summary>
    public void DropConnections()
    {
        lock (gate)
        {
            foreach (var connection in sockets)
            {
                connection.Context.Abort();
            }
        }
    }

    private JsonObject OpenConnection()
    {
        var ticket = Guid.NewGuid().ToString("N");
        tickets.Add(ticket);
        var url = new UriBuilder(BaseUrl) { Scheme = "ws", Path = "/link/", Query = $"ticket={ticket}&app_id={AppId}" }.Uri;
        return Ok(new JsonObject { ["url"] = url.AbsoluteUri });
    }

    private async Task HandleSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        bool admitted;
        lock (gate)
        {
            admitted = tickets.Remove(context.Request.Query["ticket"].ToString());
        }
        if (!admitted)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var connection = new SocketConnection(socket, context);
        int open;
        lock (gate)
        {
            sockets.Add(connection);
            open = sockets.Count;
        }
        try
        {
            await connection.SendAsync(new JsonObject
            {
                ["type"] = "hello",
                ["num_connections"] = open,
                ["debug_info"] = new JsonObject { ["host"] = "fake-applink", ["build_number"] = 1, ["approximate_connection_time"] = 18060 },
                ["connection_info"] = new JsonObject { ["app_id"] = AppId },
            }, context.RequestAborted);
            Opened();
            await ReadAsync(connection, context.RequestAborted);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away or the test cut the connection.
        }
        finally
        {
            lock (gate)
            {
                sockets.Remove(connection);
            }
        }
    }

    private void Opened()
    {
        lock (gate)
        {
            connectionsOpened++;
            foreach (var waiter in connectionWaiters.Where(w => w.Opened <= connectionsOpened).ToList())
            {
                connectionWaiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }

    private async Task ReadAsync(SocketConnection connection, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await connection.Socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await connection.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", ct);
                return;
            }
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }
            var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            message.SetLength(0);
            if (JsonNode.Parse(text) is not JsonObject frame)
            {
                continue;
            }
            lock (gate)
            {
                frames.Add(frame);
            }
            if (frame["envelope_id"] is JsonValue id && pendingAcks.TryRemove(id.GetValue<string>(), out var ack))
            {
                ack.TrySetResult(frame);
            }
        }
    }

    private sealed class SocketConnection(WebSocket socket, HttpContext context) : IDisposable
    {
        private readonly SemaphoreSlim sending = new(1, 1);

        public WebSocket Socket { get; } = socket;

        public HttpContext Context { get; } = context;

        /// <summary>One send at a time: a WebSocket allows only one outstanding send.</summary>
        public async Task SendAsync(JsonObject frame, CancellationToken ct)
        {
            await sending.WaitAsync(ct);
            try
            {
                await Socket.SendAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, ct);
            }
            finally
            {
                sending.Release();
            }
        }

        public void Dispose() => sending.Dispose();
    }
}
