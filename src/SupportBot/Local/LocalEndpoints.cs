using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SupportBot.Cards;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.Policy;
using SupportBot.Hosting;
using SupportBot.Local.Web;
using SupportBot.Outbox;

namespace SupportBot.Local;

/// <summary>
/// The local workspace's door (DESIGN §7): the page at <c>/</c> posts normalised events here, reads the
/// conversations back and follows their changes live. Loopback only, page and API alike.
/// </summary>
public static class LocalEndpoints
{
    public static WebApplicationBuilder AddLocalWorkspace(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LocalOptions>().BindConfiguration(LocalOptions.Section);
        builder.Services.AddHostedService<LocalWorkspace>();
        builder.Services.TryAddSingleton(_ => CardLibrary.Load(CardLibrary.DefaultFolder()));
        builder.Services.AddSingleton<LocalMessageViews>();
        return builder;
    }

    public static WebApplication MapLocalWorkspace(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<LocalOptions>>().Value.Enabled)
        {
            return app;
        }
        var group = app.MapGroup("/api/local").AddEndpointFilter(LoopbackOnly);
        group.MapPost("/events", PostEvent);
        group.MapGet("/conversations", (LocalChannel channel) => TypedResults.Ok(channel.Conversations()));
        group.MapGet("/conversations/{id}/messages", GetMessages);
        group.MapGet("/people", (SupportPolicy policy) => TypedResults.Ok(WorkspacePerson.From(policy)));
        group.MapGet("/stream", LiveUpdates.StreamAsync);
        app.MapGet("/", WorkspacePage.Index).AddEndpointFilter(LoopbackOnly);
        app.MapGet("/workspace", WorkspacePage.Index).AddEndpointFilter(LoopbackOnly);
        app.MapGet("/workspace/{asset}", WorkspacePage.Asset).AddEndpointFilter(LoopbackOnly);
        return app;
    }

    /// <summary>Connections from this machine only (<see cref="LoopbackRequest.IsLocal"/>).</summary>
    private static async ValueTask<object?> LoopbackOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        LoopbackRequest.IsLocal(context.HttpContext)
            ? await next(context)
            : TypedResults.Problem("The local workspace answers on this machine only, at a loopback address such as 127.0.0.1.", statusCode: StatusCodes.Status403Forbidden);

    private static async Task<Results<Ok<LocalEventResult>, ProblemHttpResult>> PostEvent(
        HttpRequest request, LocalChannel channel, CaseWorkflow workflow, CancellationToken ct)
    {
        var (body, refusal) = await LocalEventBody.ReadAsync(request, ct);
        if (body is null)
        {
            return refusal!;
        }
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
        if (!result.Duplicate && Said(inbound) is { } said)
        {
            await channel.AddPersonMessageAsync(inbound.Conversation.Id, inbound.From, said, ct);
        }
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

    /// <summary>What the person wrote, as the page shows it: a command as <c>/verb arguments</c>; a button click is not a message.</summary>
    private static string? Said(InboundEvent inbound) => inbound switch
    {
        MessageReceived m => m.Text,
        CommandInvoked c => $"/{c.Verb} {c.Arguments}".TrimEnd(),
        _ => null,
    };

    private static Results<Ok<List<LocalMessageView>>, NotFound> GetMessages(string id, LocalChannel channel, LocalMessageViews views) =>
        channel.Conversation(id) is null ? TypedResults.NotFound() : TypedResults.Ok(channel.Messages(id).Select(views.View).ToList());
}

public sealed record LocalEventResult(bool Duplicate, string? Reply, string? Text, IReadOnlyDictionary<string, string>? Errors, string? Card);
