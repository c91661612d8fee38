using System.Text.Json.Nodes;
using SupportBot.Core.Channels;

namespace SupportBot.Teams.Inbound;

/// <summary>
/// A Bot Framework activity from Teams as what the engine understands: a message (the bot's
/// @mention stripped), a card button (Action.Execute invoke, or Action.Submit arriving as a message
/// with a value), or the bot being added somewhere. Unknown types are nothing (Teams adds new ones).
/// </summary>
public static class TeamsActivityParser
{
    public const string ExecuteInvoke = "adaptiveCard/action";

    public static InboundEvent? Parse(JsonObject activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var id = JsonText.NonEmpty(activity["id"]);
        var conversationId = JsonText.NonEmpty(activity["conversation"].Get("id"));
        var serviceUrl = JsonText.NonEmpty(activity["serviceUrl"]);
        var fromId = JsonText.NonEmpty(activity["from"].Get("id"));
        if (id is null || conversationId is null || serviceUrl is null || fromId is null)
        {
            return null;
        }
        var eventId = $"teams:{conversationId}:{id}";
        var from = new UserRef(ChannelKind.Teams, fromId, JsonText.NonEmpty(activity["from"].Get("name")) ?? fromId, serviceUrl, ClientTimeZone(activity));
        var conversation = Conversation(activity, conversationId, serviceUrl);
        var source = JsonText.NonEmpty(activity["replyToId"]) is { } replyTo ? new MessageRef(ChannelKind.Teams, conversationId, replyTo, serviceUrl) : null;
        switch (JsonText.NonEmpty(activity["type"]))
        {
            case "message" when activity["value"] is JsonObject submitted && JsonText.NonEmpty(submitted["verb"]) is { } verb:
                // Action.Submit (the fallback of every Action.Execute): the verb travels in the data.
                return new CardActionInvoked(eventId, from, conversation, verb, Strings(submitted, skip: "verb"), source);
            case "message" when WithoutBotMention(activity) is { Length: > 0 } text:
                return new MessageReceived(eventId, from, conversation, text);
            case "invoke" when JsonText.NonEmpty(activity["name"]) == ExecuteInvoke
                && (activity["value"].Get("action")) is JsonObject action && JsonText.NonEmpty(action["verb"]) is { } executed:
                return new CardActionInvoked(eventId, from, conversation, executed, Strings(action["data"] as JsonObject, skip: null), source);
            case "conversationUpdate" when activity["membersAdded"] is JsonArray added:
                var bot = JsonText.NonEmpty(activity["recipient"].Get("id"));
                var members = added.Select(m => JsonText.NonEmpty(m.Get("id"))).OfType<string>().ToList();
                return new MembersAdded(eventId, from, conversation,
                    [.. members.Where(m => m != bot).Select(m => new UserRef(ChannelKind.Teams, m, m, serviceUrl))], members.Contains(bot ?? ""));
            case "installationUpdate" when JsonText.NonEmpty(activity["action"]) is "add" or "add-upgrade":
                return new MembersAdded(eventId, from, conversation, [], BotAdded: true);
            default:
                return null;
        }
    }

    /// <summary>
    /// A channel message arrives in its thread (<c>19:…;messageid=…</c>); the engine knows the channel
    /// itself, so that a triage channel is the same conversation whichever thread a click came from.
    /// </summary>
    private static ConversationRef Conversation(JsonObject activity, string conversationId, string serviceUrl)
    {
        var type = JsonText.NonEmpty(activity["conversation"].Get("conversationType"));
        var id = type == "channel" && conversationId.IndexOf(";messageid=", StringComparison.Ordinal) is var cut and > 0
            ? conversationId[..cut]
            : conversationId;
        // Teams always names the type; the Emulator names none, and a chat that is not a group is one to one.
        var direct = type == "personal" || (type is null && activity["conversation"].Get("isGroup")?.GetValueKind() != System.Text.Json.JsonValueKind.True);
        return new ConversationRef(ChannelKind.Teams, id, IsDirect: direct, serviceUrl);
    }

    /// <summary>The text without the bot's own mention entities (any case), with non-breaking spaces normalised.</summary>
    public static string WithoutBotMention(JsonObject activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var text = JsonText.NonEmpty(activity["text"]) ?? "";
        var bot = JsonText.NonEmpty(activity["recipient"].Get("id"));
        foreach (var entity in (activity["entities"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (JsonText.NonEmpty(entity["type"]) != "mention" || JsonText.NonEmpty(entity["mentioned"].Get("id")) != bot)
            {
                continue;
            }
            var markup = JsonText.NonEmpty(entity["text"]) ?? $"<at>{JsonText.NonEmpty(entity["mentioned"].Get("name"))}</at>";
            text = text.Replace(markup, " ", StringComparison.OrdinalIgnoreCase);
        }
        return string.Join(' ', text.Replace("&nbsp;", " ", StringComparison.Ordinal).Replace('\u00a0', ' ')
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The IANA zone the Teams client reports (clientInfo entity), for times on cards.</summary>
    private static string? ClientTimeZone(JsonObject activity) =>
        (activity["entities"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(e => JsonText.NonEmpty(e["type"]) == "clientInfo").Select(e => JsonText.NonEmpty(e["timezone"])).FirstOrDefault(z => z is not null);

    private static Dictionary<string, string> Strings(JsonObject? data, string? skip) =>
        (data ?? []).Where(p => p.Key != skip && p.Key != "msteams" && p.Value is JsonValue)
            .ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal);
}
