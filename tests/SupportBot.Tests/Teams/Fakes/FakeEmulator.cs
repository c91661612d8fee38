using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SupportBot.Tests.Teams.Fakes;

/// <summary>
/// The Bot Framework Emulator's own mini Connector, as a bot without an app ID talks to it: plain
/// HTTP on loopback, no token needed. It records every v3 call and whether it carried a token.
/// </summary>
public sealed class FakeEmulator : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly List<EmulatorCall> calls = [];
    private WebApplication? app;
    private int nextId;

    /// <summary>http://127.0.0.1:{port}/, the serviceUrl of the Emulator's activities.</summary>
    public string ServiceUrl { get; private set; } = null!;

    public IReadOnlyList<EmulatorCall> Calls
    {
        get
        {
            lock (gate)
            {
                return [.. calls];
            }
        }
    }

    public static async Task<FakeEmulator> StartAsync()
    {
        var fake = new FakeEmulator();
        (fake.app, var baseUrl) = await LoopbackServer.StartAsync(app => app.Map("/v3/conversations/{**rest}", (Func<HttpContext, Task<IResult>>)fake.Record));
        fake.ServiceUrl = baseUrl.AbsoluteUri;
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    private async Task<IResult> Record(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        lock (gate)
        {
            calls.Add(new EmulatorCall(context.Request.Method, context.Request.Path.Value ?? "", context.Request.Headers.ContainsKey("Authorization"), body));
            return Results.Json(new { id = $"emulator-{++nextId}" }, statusCode: (int)HttpStatusCode.OK);
        }
    }
}

/// <summary>One v3 call the bot made to the Emulator.</summary>
public sealed record EmulatorCall(string Method, string Path, bool HadToken, JsonObject Body);
