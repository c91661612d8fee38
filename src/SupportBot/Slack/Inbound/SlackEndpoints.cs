using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace SupportBot.Slack.Inbound;

/// <summary>
/// Slack's three Request URLs (DESIGN §7). Each request is verified on its raw bytes before anything
/// in it is read; then it is answered within Slack's 3 seconds (the engine's step is one local
/// commit; messages to others go through the outbox).
/// </summary>
public static class SlackEndpoints
{
    public static WebApplication MapSlack(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SlackOptions>>().Value;
        if (!options.Enabled || string.IsNullOrWhiteSpace(options.SigningSecret))
        {
            return app;
        }
        app.MapPost("/api/slack/events", Events);
        app.MapPost("/api/slack/commands", Commands);
        app.MapPost("/api/slack/interactions", Interactions);
        return app;
    }

    private static async Task<IResult> Events(HttpRequest request, SlackRequest slack, SlackDispatcher dispatcher, CancellationToken ct)
    {
        var (body, refusal) = await slack.ReadVerifiedAsync(request, ct);
        if (body is null)
        {
            return refusal!;
        }
        if (Json(body) is not { } envelope)
        {
            return BadRequest("The body is not a JSON object.");
        }
        switch (SlackRefs.Text(envelope["type"]))
        {
            case "url_verification":
                return Results.Json(new JsonObject { ["challenge"] = SlackRefs.Text(envelope["challenge"]) ?? "" });
            case "event_callback":
                await dispatcher.HandleEventAsync(envelope, ct);
                return Results.Ok();
            default:
                // app_rate_limited and anything newer: acknowledged, nothing to do.
                return Results.Ok();
        }
    }

    private static async Task<IResult> Commands(
        HttpRequest request, SlackRequest slack, SlackDispatcher dispatcher, SlackFollowUps followUps, CancellationToken ct)
    {
        var (body, refusal) = await slack.ReadVerifiedAsync(request, ct);
        if (body is null)
        {
            return refusal!;
        }
        var answer = await dispatcher.HandleCommandAsync(Form(body), ct);
        if (answer.Rest is { } rest)
        {
            // After the response is sent, so that the rest shows under the answer, not above it.
            followUps.AfterResponse(request.HttpContext.Response, rest);
        }
        return answer.Body is null ? Results.Ok() : Results.Json(answer.Body);
    }

    private static async Task<IResult> Interactions(HttpRequest request, SlackRequest slack, SlackDispatcher dispatcher, CancellationToken ct)
    {
        var (body, refusal) = await slack.ReadVerifiedAsync(request, ct);
        if (body is null)
        {
            return refusal!;
        }
        if (!Form(body).TryGetValue("payload", out var payload) || Json(Encoding.UTF8.GetBytes(payload)) is not { } parsed)
        {
            return BadRequest("The body is not a form whose payload field is a JSON object.");
        }
        var answer = await dispatcher.HandleInteractionAsync(parsed, ct);
        return answer is null ? Results.Ok() : Results.Json(answer);
    }

    /// <summary>Only a signed request gets here: what was wrong with its body is said.</summary>
    private static IResult BadRequest(string reason) => Results.Problem(reason, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>A form body decoded properly (<c>+</c> is a space); a field given twice keeps its first value.</summary>
    private static Dictionary<string, string> Form(byte[] body) =>
        QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)).ToDictionary(p => p.Key, p => p.Value.FirstOrDefault() ?? "", StringComparer.Ordinal);

    private static JsonObject? Json(byte[] body)
    {
        try
        {
            // A lone-surrogate escape parses but cannot be read or stored: such a body is not JSON we can take.
            return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false }) is JsonObject json
                && JsonText.IsWellFormed(json) ? json : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
