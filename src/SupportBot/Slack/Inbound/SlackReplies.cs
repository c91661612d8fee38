using System.Text.Json.Nodes;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Slack.Api;
using SupportBot.Slack.BlockKit;

namespace SupportBot.Slack.Inbound;

/// <summary>
/// The immediate answers to the person who acted, straight to the Web API while their trigger or
/// view is fresh: a modal opened or updated, the clicked message redrawn, a note only they see, the
/// App Home. The case change is committed already; a failure here is logged, and the next change
/// redraws the card anyway.
/// </summary>
public sealed partial class SlackReplies(
    SlackApiClient api, SlackCardTranslator cards, SlackChannel channel, SlackEphemeralRest rest, SlackFollowUps followUps, ILogger<SlackReplies> logger)
{
    public Task OpenModalAsync(string trigger, JsonObject view, CancellationToken ct) =>
        TryAsync("views.open", () => api.CallAsync("views.open", new JsonObject { ["trigger_id"] = trigger, ["view"] = view }, ct));

    public Task UpdateModalAsync(string viewId, string? hash, JsonObject view, CancellationToken ct)
    {
        var args = new JsonObject { ["view_id"] = viewId, ["view"] = view };
        if (hash is not null)
        {
            args["hash"] = hash;
        }
        return TryAsync("views.update", () => api.CallAsync("views.update", args, ct));
    }

    public Task EphemeralAsync(string conversation, string user, string text, CancellationToken ct) =>
        EphemeralAsync(conversation, user, CardData.Notice("SupportBot", text), ct);

    /// <summary>
    /// A card only this person sees in a shared channel (answers to their commands, refusals). A card too long for
    /// one message continues in further ephemerals to them, posted in the background once this one is out.
    /// </summary>
    public async Task EphemeralAsync(string conversation, string user, OutboundMessage card, CancellationToken ct)
    {
        var shown = cards.Ephemeral(card);
        var sent = await TryAsync("chat.postEphemeral", () => api.CallAsync("chat.postEphemeral",
            new JsonObject { ["channel"] = conversation, ["user"] = user, ["text"] = shown.Text, ["blocks"] = shown.Blocks.DeepClone() }, ct));
        if (sent && shown.Rest.Count > 0)
        {
            followUps.After(Task.CompletedTask, c => rest.ToEphemeralsAsync(conversation, user, shown.Rest, c));
        }
    }

    public Task UpdateMessageAsync(MessageRef message, OutboundMessage card, CancellationToken ct) =>
        TryAsync("chat.update", () => channel.UpdateAsync(message, card, ct));

    public Task PublishHomeAsync(string user, OutboundMessage card, CancellationToken ct) =>
        TryAsync("views.publish", () => api.CallAsync("views.publish", new JsonObject { ["user_id"] = user, ["view"] = cards.Home(card) }, ct));

    /// <summary>Whether the call went through; a failure is logged.</summary>
    private async Task<bool> TryAsync(string method, Func<Task> call)
    {
        try
        {
            await call();
            return true;
        }
        catch (SlackApiException e)
        {
            LogFailed(method, e.Error);
        }
        catch (ChannelException e)
        {
            LogFailed(method, e.Message);
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack {Method} failed: {Reason}")]
    private partial void LogFailed(string method, string reason);
}
