using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SupportBot.Cards;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Hosting;
using SupportBot.Teams.Auth;
using SupportBot.Teams.Connector;
using SupportBot.Teams.Memory;

namespace SupportBot.Teams.Inbound;

/// <summary>
/// The bot's messaging endpoint, <c>POST /api/messages</c> (DESIGN §7). The bearer token is checked
/// before the activity is believed (signature, issuer, audience, lifetime, the key's endorsement of
/// the channel, the token's serviceUrl); an invoke is answered on the same response with the updated
/// card (and the message is updated for everyone); everything else gets 200 and its replies go out
/// through the outbox. Activities from a team keep the team memory current first.
/// </summary>
public static partial class TeamsEndpoint
{
    /// <summary>Activities are small; a card submission with a long description stays far below this.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static WebApplication MapTeams(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var settings = app.Services.GetRequiredService<IOptions<TeamsOptions>>().Value;
        if (!settings.Enabled && !settings.Anonymous)
        {
            return app;
        }
        if (settings.Anonymous)
        {
            TeamsAnonymousAccess.LogAnonymousMode(app.Services.GetRequiredService<ILogger<TeamsLog>>());
        }
        app.MapPost("/api/messages", Messages);
        return app;
    }

    private static async Task<IResult> Messages(
        HttpContext http, TeamsTokenValidator tokens, CaseWorkflow workflow, CardLibrary cards, TeamsChannel teams, TeamMemory memory,
        TeamsPeople people, IOptions<TeamsOptions> options, ILogger<TeamsLog> logger, CancellationToken ct)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        // A body without a length is cut off at the same limit before anything is believed.
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }
        JsonObject? activity;
        try
        {
            activity = await JsonNode.ParseAsync(http.Request.Body, documentOptions: new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false }, cancellationToken: ct) as JsonObject;
        }
        catch (JsonException)
        {
            activity = null;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        var type = JsonText.NonEmpty(activity.Get("type"));
        var channelId = JsonText.NonEmpty(activity.Get("channelId"));
        var serviceUrl = JsonText.NonEmpty(activity.Get("serviceUrl"));
        if (activity is null)
        {
            return BadRequest("The body is not a JSON object.");
        }
        if (type is null || channelId is null || serviceUrl is null)
        {
            return BadRequest("An activity needs type, channelId and serviceUrl, each a string.");
        }
        if (!JsonText.IsWellFormed(activity))
        {
            return BadRequest("A string in the activity is not valid Unicode (a lone surrogate escape).");
        }
        var auth = await tokens.AuthenticateAsync(http.Request, channelId, serviceUrl, ct);
        if (!auth.Succeeded)
        {
            LogRefused(logger, auth.Failure?.ToString() ?? "invalid token");
            return Refused(http);
        }
        if (!TeamsServiceUrls.IsAllowed(serviceUrl, options.Value))
        {
            // A genuine token for a serviceUrl the bot must not call: nothing of it is believed or answered.
            LogRefused(logger, "service URL not on the allow-list");
            return Refused(http, StatusCodes.Status403Forbidden);
        }
        var tenant = JsonText.NonEmpty(activity["channelData"].Get("tenant").Get("id")) ?? JsonText.NonEmpty(activity["conversation"].Get("tenantId"));
        if (options.Value.AllowedTenants.Count > 0 && (tenant is null || !options.Value.AllowedTenants.Contains(tenant)))
        {
            return Results.Ok();
        }
        var isInvoke = type == "invoke";
        var team = TeamEvent.Parse(activity);
        var installed = team is null ? null : await memory.ObserveAsync(team, ct);
        if (TeamsActivityParser.Parse(activity) is not { } inbound)
        {
            return isInvoke ? Results.StatusCode(StatusCodes.Status501NotImplemented) : Results.Ok();
        }
        if (inbound is MembersAdded { BotAdded: true } && team is not null && installed is { } stamp)
        {
            // Teams announces one installation twice (conversationUpdate and installationUpdate): one event id
            // per installation greets once, in General, whose id is the team's.
            inbound = inbound with
            {
                EventId = $"teams:team:{team.TeamId}:installed:{stamp}",
                Conversation = new ConversationRef(ChannelKind.Teams, team.TeamId, IsDirect: false, team.ServiceUrl),
            };
        }
        inbound = await people.EnrichAsync(activity, inbound, ct);
        // Anything but an invoke is answered with an ordinary message, written with the step so it cannot be lost.
        var result = await workflow.HandleAsync(inbound, ct, isInvoke ? null : r => [Answer(inbound, r)]);
        var reply = result.Reply;
        if (isInvoke)
        {
            if (result.Duplicate)
            {
                return Results.Json(Message("Already done."));
            }
            if (reply?.Card is { } card)
            {
                var expanded = cards.Render(card.Template, card.Data, AdaptiveCardTextEscaper.Instance);
                if (reply.Kind == ReplyKind.ReplaceCard && inbound is CardActionInvoked { SourceMessage: { } source })
                {
                    // The invoke's card goes to the clicker only: the message is updated for everyone too.
                    await UpdateForEveryoneAsync(teams, source, card, logger, ct);
                }
                return Results.Json(new JsonObject { ["statusCode"] = 200, ["type"] = "application/vnd.microsoft.card.adaptive", ["value"] = expanded });
            }
            return Results.Json(Message(reply?.Text ?? "Done."));
        }
        return Results.Ok();
    }

    /// <summary>
    /// The reply as a message. Teams has no "only you can see this": an answer to someone's command in a
    /// channel goes to them directly, and so does anything but the redrawn card after an Action.Submit
    /// click in a channel (a refusal is for the clicker only); a greeting when the bot is added goes to the channel.
    /// </summary>
    private static Outgoing Answer(InboundEvent inbound, InteractionReply reply)
    {
        var message = reply.Card ?? CardData.Notice("SupportBot", reply.Text ?? "");
        var personal = inbound is MessageReceived || (inbound is CardActionInvoked && reply.Kind != ReplyKind.ReplaceCard);
        return personal && !inbound.Conversation.IsDirect
            ? new DirectMessage(inbound.From, message, null)
            : PostMessage.Reply(inbound.Conversation, inbound.From, message);
    }

    private static async Task UpdateForEveryoneAsync(TeamsChannel teams, MessageRef source, OutboundMessage card, ILogger logger, CancellationToken ct)
    {
        try
        {
            await teams.UpdateAsync(source, card, ct);
        }
        catch (ChannelException e)
        {
            LogUpdateFailed(logger, e.Message);
        }
    }

    /// <summary>401 (or 403) with no body: the reason is logged, never echoed.</summary>
    private static IResult Refused(HttpContext http, int status = StatusCodes.Status401Unauthorized)
    {
        http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>()?.Enabled = false;
        return Results.StatusCode(status);
    }

    /// <summary>What is wrong with the body's shape; nothing about who sent it is checked or said yet.</summary>
    private static IResult BadRequest(string reason) => Results.Problem(reason, statusCode: StatusCodes.Status400BadRequest);

    private static JsonObject Message(string text) =>
        new() { ["statusCode"] = 200, ["type"] = "application/vnd.microsoft.activity.message", ["value"] = text };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams request refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Updating the Teams message for everyone failed: {Reason}")]
    private static partial void LogUpdateFailed(ILogger logger, string reason);
}

/// <summary>The log category of the Teams endpoint.</summary>
public sealed class TeamsLog;
