using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;
using SupportBot.Slack.Inbound;

namespace SupportBot.Benchmarks.Floor;

/// <summary>
/// The floor: the least a Slack intake endpoint must do, as a bare Kestrel app (the benchmark's own
/// executable with <c>--mode floor</c>, a child process shaped like the app's). Per request it reads
/// the body, checks the v0 signature, parses the form and its JSON payload, and commits one row in
/// its own transaction to a SQLite file with the app's durability settings (WAL, synchronous=FULL)
/// before answering 200. Writers take turns on an async lock rather than in SQLite's busy handler,
/// which sleeps while the file is locked: the strongest bare endpoint, not a straw man.
/// </summary>
public static class FloorServer
{
    public const string Path = "/api/slack/interactions";

    /// <summary>The arguments that select this mode; AppProcess puts <c>--urls</c> before them.</summary>
    public static readonly string[] Arguments = ["--mode", "floor"];

    public static bool Requested(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Zip(args.Skip(1)).Any(p => p.First == Arguments[0] && p.Second == Arguments[1]);
    }

    /// <summary>Serves until killed; the SQLite path and signing secret come from the app's own setting names.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var path = builder.Configuration["SupportBot:Storage:SqlitePath"] ?? throw new InvalidOperationException("No SupportBot:Storage:SqlitePath.");
        var secret = builder.Configuration["SupportBot:Slack:SigningSecret"] ?? throw new InvalidOperationException("No SupportBot:Slack:SigningSecret.");
        using var store = new FloorStore(path);
        var app = builder.Build();
        app.MapGet("/readyz", () => Results.Ok());
        app.MapPost(Path, (HttpRequest request, CancellationToken ct) => HandleAsync(request, store, secret, ct));
        await app.RunAsync();
        return 0;
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, FloorStore store, string secret, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        var body = buffer.ToArray();
        if (!SlackSignature.IsValid(body, request.Headers[SlackSignature.TimestampHeader].FirstOrDefault(),
            request.Headers[SlackSignature.SignatureHeader].FirstOrDefault(), secret, TimeProvider.System.GetUtcNow()))
        {
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        var text = form.TryGetValue("payload", out var field) ? field.ToString() : "";
        JsonObject? payload;
        try
        {
            payload = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            payload = null;
        }
        var user = payload?["user"]?["id"]?.GetValue<string>();
        var view = payload?["view"]?["id"]?.GetValue<string>();
        var trigger = payload?["trigger_id"]?.GetValue<string>();
        if (payload is null || user is null || view is null || trigger is null)
        {
            return Results.BadRequest();
        }
        var id = await store.InsertAsync($"slack:view:{view}:{trigger}", user, text, ct);
        return Results.Json(new JsonObject { ["row"] = id });
    }
}

/// <summary>One table, one row per request, one transaction per row, writers in turn.</summary>
internal sealed class FloorStore : IDisposable
{
    private readonly string connectionString;
    private readonly SemaphoreSlim turn = new(1, 1);

    public FloorStore(string path)
    {
        connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        using var connection = Open();
        using var setup = connection.CreateCommand();
        setup.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS reports " +
            "(id INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL, received_at INTEGER NOT NULL, payload TEXT NOT NULL);";
        setup.ExecuteNonQuery();
    }

    public async Task<long> InsertAsync(string eventId, string user, string payload, CancellationToken ct)
    {
        await turn.WaitAsync(ct);
        try
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO reports (event_id, user_id, received_at, payload) VALUES ($event, $user, $now, $payload) RETURNING id";
            insert.Parameters.AddWithValue("$event", eventId);
            insert.Parameters.AddWithValue("$user", user);
            insert.Parameters.AddWithValue("$now", TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$payload", payload);
            var id = (long)insert.ExecuteScalar()!;
            transaction.Commit();
            return id;
        }
        finally
        {
            turn.Release();
        }
    }

    public void Dispose() => turn.Dispose();

    /// <summary>The app's connection settings: synchronous=FULL on every connection.</summary>
    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
