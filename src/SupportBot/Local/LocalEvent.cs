using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using SupportBot.Core.Channels;

namespace SupportBot.Local;

/// <summary>
/// What the local workspace page posts: a message (<c>text</c>), a command (<c>command</c> +
/// <c>arguments</c>) or a card button (<c>verb</c> + <c>data</c>, with the <c>messageId</c> it was on).
/// </summary>
public sealed partial record LocalEvent(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("user")] LocalUser? User,
    [property: JsonPropertyName("conversation")] string? Conversation,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("command")] string? Command,
    [property: JsonPropertyName("arguments")] string? Arguments,
    [property: JsonPropertyName("verb")] string? Verb,
    [property: JsonPropertyName("data")] Dictionary<string, string?>? Data,
    [property: JsonPropertyName("messageId")] string? MessageId)
{
    /// <summary>The normalised event, or the reason the request is refused.</summary>
    public (InboundEvent? Event, string? Error) ToInbound(Func<string, LocalConversation?> findConversation)
    {
        if (User is null || string.IsNullOrWhiteSpace(User.Id) || !UserId().IsMatch(User.Id))
        {
            return (null, "user.id is required: 1-64 letters, digits, '.', '-' or '_'.");
        }
        if (string.IsNullOrWhiteSpace(Conversation))
        {
            return (null, "conversation is required: 'triage', 'managers', a channel id, or 'dm:<your user id>'.");
        }
        var direct = Conversation.StartsWith("dm:", StringComparison.Ordinal);
        if (direct && Conversation != LocalConversation.DirectId(User.Id))
        {
            return (null, "You can only write in your own direct conversation with the bot.");
        }
        var channel = direct ? null : findConversation(Conversation);
        if (!direct && channel is null)
        {
            return (null, $"There is no conversation '{Conversation}'.");
        }
        if (channel is not null && !channel.Members.Contains(User.Id))
        {
            // Being in the triage channel makes someone an agent: only members may speak there.
            return (null, $"{User.Id} is not a member of '{Conversation}'.");
        }
        if (channel is { Archived: true })
        {
            return (null, $"'{Conversation}' is archived: nothing more can be said or clicked there.");
        }
        var user = new UserRef(ChannelKind.Local, User.Id, string.IsNullOrWhiteSpace(User.Name) ? User.Id : User.Name.Trim());
        var conversation = new ConversationRef(ChannelKind.Local, Conversation, direct);
        var id = string.IsNullOrWhiteSpace(Id) ? $"local:{Guid.NewGuid():N}" : $"local:{Id}";
        if (!string.IsNullOrWhiteSpace(Verb))
        {
            var source = MessageId is null ? null : new MessageRef(ChannelKind.Local, Conversation, MessageId);
            // An input left empty may arrive as null: it is simply not answered.
            var data = (Data ?? []).Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!);
            return (new CardActionInvoked(id, user, conversation, Verb, data, source), null);
        }
        if (!string.IsNullOrWhiteSpace(Command))
        {
            return (new CommandInvoked(id, user, conversation, Command.Trim(), Arguments ?? ""), null);
        }
        if (Text is not null)
        {
            return (new MessageReceived(id, user, conversation, Text), null);
        }
        return (null, "Send one of: text (a message), command (with arguments), or verb (a card button, with data).");
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex UserId();
}

public sealed record LocalUser([property: JsonPropertyName("id")] string? Id, [property: JsonPropertyName("name")] string? Name);
