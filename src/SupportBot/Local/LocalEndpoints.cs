using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Hosting;
using SupportBot.Outbox;

namespace SupportBot.Local;

/// <summary>
/// The local workspace's door (DESIGN §7): the page posts normalised events here and reads the
/// conversations back. Loopback only, like the page.
/// </summary>
public static class LocalEndpoints
{
    public static WebApplicationBuilder AddLocalWorkspace(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LocalOptions>().BindConfiguration(LocalOptions.Section);
        builder.Services.AddHostedService<LocalWorkspace>();
        return builder;
    }

    public static WebApplication MapLocalWorkspace(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<LocalOptions>>().Value.Enabled)
        {
            return app;
        }
        var group = app.MapGroup("/api/local").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
                ? await next(context)
                : TypedResults.Problem("The local workspace answers on this machine only.", statusCode: StatusCodes.Status403Forbidden));
        group.MapPost("/events", PostEvent);
        group.MapGet("/conversations", (LocalChannel channel) => TypedResults.Ok(channel.Conversations()));
        group.MapGet("/conversations/{id}/messages", GetMessages);
        return app;
    }

    private static async Task<Results<Ok<LocalEventResult>, ProblemHttpResult>> PostEvent(
        LocalEvent body, LocalChannel channel, CaseWorkflow workflow, CancellationToken ct)
    {
        var (inbound, error) = body.ToInbound(channel.Conversation);
        if (inbound is null)
        {
            return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest);
        }
        if (inbound.Conversation.IsDirect)
        {
            await channel.EnsureConversationAsync(inbound.Conversation.Id, $"{inbound.From.Name} and SupportBot", true, ct);
        }
        var result = await workflow.HandleAsync(inbound, ct);
        var reply = result.Reply;
        if (reply?.Card is { } card)
        {
            await Show(channel, inbound, reply, card, ct);
        }
        return TypedResults.Ok(new LocalEventResult(result.Duplicate, reply?.Kind.ToString(), reply?.Text, reply?.Errors, reply?.Card?.Template));
    }

    /// <summary>A reply card replaces the clicked card in place (when that card still exists), or arrives as a new message.</summary>
    private static async Task Show(LocalChannel channel, InboundEvent inbound, InteractionReply reply, OutboundMessage card, CancellationToken ct)
    {
        if (reply.Kind != ReplyKind.Message && inbound is CardActionInvoked { SourceMessage: { } source })
        {
            try
            {
                await channel.UpdateAsync(source, card, ct);
                return;
            }
            catch (ChannelException)
            {
                // The page named a message that is not there: show the card as a new message instead.
            }
        }
        await channel.PostAsync(inbound.Conversation, card, ct);
    }

    private static Results<Ok<IReadOnlyList<Local.LocalMessage>>, NotFound> GetMessages(string id, LocalChannel channel) =>
        channel.Conversation(id) is null ? TypedResults.NotFound() : TypedResults.Ok(channel.Messages(id));
}

public sealed record LocalEventResult(bool Duplicate, string? Reply, string? Text, IReadOnlyDictionary<string, string>? Errors, string? Card);
