using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Hosting;
using SupportBot.Outbox;
using SupportBot.Slack.BlockKit;

namespace SupportBot.Slack.Inbound;

/// <summary>
/// What Slack sends, over HTTP or Socket Mode alike, handed to the engine; and the engine's answer
/// turned into what Slack expects: an ack body (<c>response_action</c>, an ephemeral message), a
/// modal opened with the request's <c>trigger_id</c>, or the clicked message updated in place.
/// Messages to anyone else go through the outbox.
/// </summary>
public sealed class SlackDispatcher(
    CaseWorkflow workflow,
    SlackCardTranslator cards,
    SlackForms forms,
    SlackReplies replies,
    SlackEphemeralRest rest,
    SlackPeople people,
    OutboxStore outbox,
    OutboxSignal signal,
    IOptions<SlackOptions> options,
    TimeProvider time)
{
    /// <summary>Requests from a team outside the allow-list are acknowledged and ignored.</summary>
    public bool TeamAllowed(string? teamId) =>
        options.Value.AllowedTeams.Count == 0 || (teamId is not null && options.Value.AllowedTeams.Contains(teamId));

    /// <summary>An Events API envelope (<c>event_callback</c>): processed once per <c>event_id</c>.</summary>
    public async Task HandleEventAsync(JsonObject envelope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (!TeamAllowed(SlackRefs.Text(envelope["team_id"])) || SlackEvents.Parse(envelope) is not { } inbound)
        {
            return;
        }
        var home = inbound is CommandInvoked && SlackRefs.Text(envelope["event"].Get("type")) == SlackEvents.HomeOpened;
        // A direct message's answer is an ordinary message: written with the step, so it cannot be lost.
        var result = await HandleAsync(inbound, ct, inbound.Conversation.IsDirect && !home ? r => [InConversation(inbound.Conversation, inbound.From, r)] : null);
        if (result.Reply is not { } reply || (inbound.Conversation.IsDirect && !home))
        {
            return;
        }
        if (home && reply.Card is { } queue)
        {
            await replies.PublishHomeAsync(inbound.From.Id, queue, ct);
            return;
        }
        // A mention in a shared channel: the answer (a queue, a case's log, a refusal) is for the asker only.
        await replies.EphemeralAsync(inbound.Conversation.Id, inbound.From.Id, reply.Card ?? CardData.Notice("SupportBot", reply.Text ?? ""), ct);
    }

    /// <summary>
    /// <c>/support [text]</c>: a known command word runs that command, anything else (or nothing) starts a
    /// report with the text as its description. A form opens as a modal within the trigger's 3 seconds;
    /// anything else is the ack's ephemeral message, and what does not fit in it follows as further ephemerals.
    /// </summary>
    public async Task<SlackCommandAnswer> HandleCommandAsync(IReadOnlyDictionary<string, string> form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        var get = (string key) => form.TryGetValue(key, out var v) ? v : "";
        if (get("ssl_check") == "1")
        {
            return SlackCommandAnswer.Empty;
        }
        if (!TeamAllowed(get("team_id")))
        {
            return new(Ephemeral("This Slack workspace is not set up for SupportBot."));
        }
        if (get("user_id").Length == 0 || get("channel_id").Length == 0 || get("trigger_id").Length == 0)
        {
            return new(Ephemeral("Slack sent an incomplete command; try again."));
        }
        var text = get("text").Trim();
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var word = (space < 0 ? text : text[..space]).ToLowerInvariant();
        var (verb, args) = word is "help" or "queue" or "status" or "escalate" or "report" or "set"
            ? (word, space < 0 ? "" : text[(space + 1)..])
            : ("report", text);
        var inbound = new CommandInvoked($"slack:command:{get("trigger_id")}", SlackRefs.User(get("user_id"), get("user_name")),
            SlackRefs.Conversation(get("channel_id")), verb, args);
        var result = await HandleAsync(inbound, ct);
        if (result.Reply is not { } reply)
        {
            return SlackCommandAnswer.Empty;
        }
        if (reply.Card is { } card && forms.IsForm(card))
        {
            await replies.OpenModalAsync(get("trigger_id"), cards.Modal(card, Meta(inbound.Conversation.Id, null)), ct);
            return SlackCommandAnswer.Empty;
        }
        if (reply.Card is not { } shown)
        {
            return new(Ephemeral(reply.Text ?? ""));
        }
        var message = cards.Ephemeral(shown);
        return message.Rest.Count == 0
            ? new(Ephemeral(message))
            : new(Ephemeral(message), c => rest.ToResponseUrlAsync(get("response_url"), get("channel_id"), get("user_id"), message.Rest, c));
    }

    /// <summary>An interaction payload: a button in a message or a modal, or a modal's submission.</summary>
    public Task<JsonObject?> HandleInteractionAsync(JsonObject payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var team = SlackRefs.Text(payload["team"].Get("id")) ?? SlackRefs.Text(payload["user"].Get("team_id"));
        // Nobody to act as, or a team outside the allow-list: acknowledged, nothing done.
        if (!TeamAllowed(team) || SlackRefs.Text(payload["user"].Get("id")) is null)
        {
            return Task.FromResult<JsonObject?>(null);
        }
        return SlackRefs.Text(payload["type"]) switch
        {
            "block_actions" => ButtonAsync(payload, ct),
            "view_submission" => SubmitAsync(payload, ct),
            _ => Task.FromResult<JsonObject?>(null),
        };
    }

    private async Task<JsonObject?> ButtonAsync(JsonObject payload, CancellationToken ct)
    {
        var action = (payload["actions"] as JsonArray)?.FirstOrDefault();
        if (SlackCardTranslator.ButtonAction(SlackRefs.Text(action.Get("action_id")) ?? "", SlackRefs.Text(action.Get("value"))) is not { } clicked)
        {
            return null;
        }
        var user = SlackRefs.User(payload["user"]);
        var trigger = SlackRefs.Text(payload["trigger_id"]);
        var container = payload["container"];
        var inView = SlackRefs.Text(container.Get("type")) == "view";
        var view = payload["view"] as JsonObject;
        var meta = inView ? SlackCardTranslator.Metadata(SlackRefs.Text(view.Get("private_metadata"))) : null;
        var channel = inView ? SlackRefs.Text(meta.Get("channel")) : SlackRefs.Text(container.Get("channel_id"));
        var ts = inView ? SlackRefs.Text(meta.Get("ts")) : SlackRefs.Text(container.Get("message_ts"));
        if (channel is null)
        {
            return null;
        }
        if (!inView && trigger is not null && forms.FormFor(clicked, channel, ts) is { } modal)
        {
            // A card's form (a "Show card" button, or inputs a message cannot hold) opens as a modal.
            await replies.OpenModalAsync(trigger, modal, ct);
            return null;
        }
        var data = new Dictionary<string, string>(Strings(clicked.Data));
        // Inputs come with the click: a modal's in view.state, a message's own in state.
        var state = inView ? view.Get("state").Get("values") : payload["state"].Get("values");
        foreach (var (key, value) in SlackCardTranslator.ReadState(state as JsonObject))
        {
            data[key] = value;
        }
        var source = ts is null ? null : new MessageRef(ChannelKind.Slack, channel, ts);
        var eventId = $"slack:action:{SlackRefs.Text(action.Get("action_ts"))}:{user.Id}";
        var result = await HandleAsync(new CardActionInvoked(eventId, user, SlackRefs.Conversation(channel), clicked.Verb, data, source), ct);
        if (result.Reply is not { } reply)
        {
            return null;
        }
        if (inView)
        {
            var shown = reply.Card ?? CardData.Notice("SupportBot", reply.Text ?? "");
            await replies.UpdateModalAsync(SlackRefs.Text(view.Get("id"))!, SlackRefs.Text(view.Get("hash")), cards.Modal(shown, meta ?? Meta(channel, ts)), ct);
            return null;
        }
        await ShowInMessageAsync(reply, channel, ts, user, trigger, ct);
        return null;
    }

    private async Task<JsonObject?> SubmitAsync(JsonObject payload, CancellationToken ct)
    {
        var view = payload["view"] as JsonObject;
        var metadata = SlackRefs.Text(view.Get("private_metadata"));
        if (SlackCardTranslator.SubmitAction(metadata) is not { } submit)
        {
            return null;
        }
        var meta = SlackCardTranslator.Metadata(metadata) ?? [];
        var channel = SlackRefs.Text(meta["channel"]);
        var ts = SlackRefs.Text(meta["ts"]);
        var user = SlackRefs.User(payload["user"]);
        var data = new Dictionary<string, string>(Strings(submit.Data));
        foreach (var (key, value) in SlackCardTranslator.ReadState(view.Get("state").Get("values") as JsonObject))
        {
            data[key] = value;
        }
        // Where the form was opened from; a modal opened from the App Home has no channel, so it is the person's DM.
        var conversation = channel is null ? new ConversationRef(ChannelKind.Slack, user.Id, IsDirect: true) : SlackRefs.Conversation(channel);
        var source = channel is not null && ts is not null ? new MessageRef(ChannelKind.Slack, channel, ts) : null;
        // Each submission has its own trigger_id (the view's hash stays the same after an errors answer); a retry repeats it.
        var eventId = $"slack:view:{SlackRefs.Text(view.Get("id"))}:{SlackRefs.Text(payload["trigger_id"]) ?? SlackRefs.Text(view.Get("hash"))}";
        var result = await HandleAsync(new CardActionInvoked(eventId, user, conversation, submit.Verb, data, source), ct);
        var reply = result.Reply;
        if (reply is null)
        {
            return null;
        }
        if (reply.Kind == ReplyKind.ValidationErrors)
        {
            // Shown on the form as it was submitted, so nothing typed is lost and its submit stays what it was.
            return new JsonObject { ["response_action"] = "errors", ["errors"] = OnBlocks(reply.Errors, view) };
        }
        var card = reply.Card ?? CardData.Notice("SupportBot", reply.Text ?? "");
        if (forms.IsForm(card) || source is null)
        {
            return new JsonObject { ["response_action"] = "update", ["view"] = cards.Modal(card, meta) };
        }
        // A form opened from a message (Resolve, Change severity…): the message shows the result, the modal closes.
        await ShowInMessageAsync(reply, source.ConversationId, source.MessageId, user, null, ct);
        return new JsonObject { ["response_action"] = "clear" };
    }

    /// <summary>The event with the person's email and zone filled in (one cached users.info), to the engine.</summary>
    private async Task<InboundResult> HandleAsync(InboundEvent inbound, CancellationToken ct, Func<InteractionReply, IEnumerable<Outgoing>>? replyAsOutbox = null) =>
        await workflow.HandleAsync(await people.EnrichAsync(inbound, ct), ct, replyAsOutbox);

    /// <summary>The reply to a click in a message: that message redrawn, a form as a modal, or a note only the clicker sees.</summary>
    private async Task ShowInMessageAsync(InteractionReply reply, string channel, string? ts, UserRef user, string? trigger, CancellationToken ct)
    {
        if (reply.Card is not { } card)
        {
            await replies.EphemeralAsync(channel, user.Id, reply.Text ?? "", ct);
            return;
        }
        if (forms.IsForm(card) && trigger is not null)
        {
            await replies.OpenModalAsync(trigger, cards.Modal(card, Meta(channel, ts)), ct);
        }
        else if (reply.Kind == ReplyKind.Message || ts is null)
        {
            await PostAsync(SlackRefs.Conversation(channel), user, reply, ct);
        }
        else
        {
            await replies.UpdateMessageAsync(new MessageRef(ChannelKind.Slack, channel, ts), card, ct);
        }
    }

    /// <summary>A reply in a conversation, through the outbox, after the step that made it.</summary>
    private async Task PostAsync(ConversationRef where, UserRef who, InteractionReply reply, CancellationToken ct)
    {
        await outbox.EnqueueAsync(InConversation(where, who, reply), time.GetUtcNow(), ct);
        signal.Wake();
    }

    /// <summary>
    /// A reply as a message in the conversation. The report form is too long for a message: it becomes
    /// a button that opens it as a modal (only a click gives the trigger a modal needs).
    /// </summary>
    private static PostMessage InConversation(ConversationRef where, UserRef who, InteractionReply reply)
    {
        var card = reply.Card ?? CardData.Notice("SupportBot", reply.Text ?? "");
        return PostMessage.Reply(where, who, card.Template == Core.Engine.Cards.Intake ? CardData.ReportOffer() : card);
    }

    /// <summary>
    /// Errors on the submitted view's input blocks: Slack refuses errors for block ids it cannot find, so
    /// an error about something the form does not have goes on its first input, with the others.
    /// </summary>
    private static JsonObject OnBlocks(IReadOnlyDictionary<string, string> errors, JsonObject? view)
    {
        var inputs = (view.Get("blocks") as JsonArray ?? []).OfType<JsonObject>()
            .Where(b => SlackRefs.Text(b["type"]) == "input").Select(b => SlackRefs.Text(b["block_id"])).OfType<string>().ToList();
        var result = new JsonObject();
        foreach (var (field, message) in errors.Where(e => inputs.Contains(e.Key)))
        {
            result[field] = message;
        }
        var elsewhere = errors.Where(e => !inputs.Contains(e.Key)).Select(e => e.Value).ToList();
        if (elsewhere.Count > 0 && inputs.Count > 0)
        {
            var first = inputs[0];
            result[first] = string.Join(" ", elsewhere.Prepend(result[first]?.GetValue<string>() ?? "").Where(m => m.Length > 0));
        }
        return result;
    }

    private static JsonObject Meta(string channel, string? ts)
    {
        var meta = new JsonObject { ["channel"] = channel };
        if (ts is not null)
        {
            meta["ts"] = ts;
        }
        return meta;
    }

    private static IEnumerable<KeyValuePair<string, string>> Strings(JsonObject data) =>
        data.Where(p => p.Value is JsonValue).Select(p => KeyValuePair.Create(p.Key, p.Value!.ToString()));

    private static JsonObject Ephemeral(string text) => new() { ["response_type"] = "ephemeral", ["text"] = text };

    private static JsonObject Ephemeral(SlackMessage message) =>
        new() { ["response_type"] = "ephemeral", ["text"] = message.Text, ["blocks"] = message.Blocks.DeepClone() };
}
