using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SupportBot.Core.Channels;

namespace SupportBot.Slack.Inbound;

/// <summary>
/// An Events API <c>event_callback</c> as what the engine understands: a direct message, a mention
/// in a channel (the mention stripped), or the App Home opened (the person's own queue). The bot's
/// own messages, other bots' messages and message edits are nothing.
/// </summary>
public static partial class SlackEvents
{
    public const string HomeOpened = "app_home_opened";

    public static InboundEvent? Parse(JsonObject envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope["event"] is not JsonObject e || SlackRefs.Text(envelope["event_id"]) is not { } eventId)
        {
            return null;
        }
        var botUser = SlackRefs.Text(envelope["authorizations"].At(0).Get("user_id"));
        var user = SlackRefs.Text(e["user"]);
        var channel = SlackRefs.Text(e["channel"]);
        if (user is null || channel is null || user == botUser || e["bot_id"] is not null)
        {
            return null;
        }
        var id = $"slack:{eventId}";
        var from = SlackRefs.User(user, null);
        switch (SlackRefs.Text(e["type"]))
        {
            case "message" when SlackRefs.Text(e["channel_type"]) == "im" && e["subtype"] is null && SlackRefs.Text(e["text"]) is { } text:
                return new MessageReceived(id, from, SlackRefs.Conversation(channel), text.Trim());
            case "app_mention" when SlackRefs.Text(e["text"]) is { } mention:
                return new MessageReceived(id, from, SlackRefs.Conversation(channel), WithoutMention(mention, botUser).Trim());
            case HomeOpened when SlackRefs.Text(e["tab"]) == "home":
                return new CommandInvoked(id, from, SlackRefs.Conversation(channel), "queue", "");
            default:
                return null;
        }
    }

    /// <summary>The bot's own mention (<c>&lt;@U123&gt;</c> or <c>&lt;@U123|name&gt;</c>) taken out; other people's stay.</summary>
    private static string WithoutMention(string text, string? botUser) => botUser is null
        ? LeadingMentionRegex().Replace(text, "")
        : Regex.Replace(text, $"<@{Regex.Escape(botUser)}(\\|[^>]*)?>", "", RegexOptions.None, TimeSpan.FromSeconds(1));

    /// <summary>Without the bot's id (no authorizations in the envelope), the mention that starts the message.</summary>
    [GeneratedRegex("^\\s*<@[A-Z0-9]+(\\|[^>]*)?>")]
    private static partial Regex LeadingMentionRegex();
}
