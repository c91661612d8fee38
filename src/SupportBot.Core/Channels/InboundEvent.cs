namespace SupportBot.Core.Channels;

/// <summary>
/// A platform event normalised by an adapter. <see cref="EventId"/> is the platform's own id
/// (Slack event_id, Teams activity id) and is what inbound de-duplication keys on.
/// </summary>
public abstract record InboundEvent(string EventId, UserRef From, ConversationRef Conversation);

/// <summary>A free-text message to the bot (a DM, or a mention in a channel with the mention stripped).</summary>
public sealed record MessageReceived(string EventId, UserRef From, ConversationRef Conversation, string Text)
    : InboundEvent(EventId, From, Conversation);

/// <summary>A text command (<c>queue</c>, <c>status SUP-000042</c>, <c>help</c>), from a slash command or a message.</summary>
public sealed record CommandInvoked(string EventId, UserRef From, ConversationRef Conversation, string Verb, string Arguments)
    : InboundEvent(EventId, From, Conversation);

/// <summary>
/// A card button: the verb (<c>case.claim</c>) and the data (the action's data merged with the card's inputs).
/// <see cref="SourceMessage"/> is the message the button was on, when the platform says.
/// </summary>
public sealed record CardActionInvoked(
    string EventId,
    UserRef From,
    ConversationRef Conversation,
    string Verb,
    IReadOnlyDictionary<string, string> Data,
    MessageRef? SourceMessage)
    : InboundEvent(EventId, From, Conversation);

/// <summary>The bot or people were added to a conversation.</summary>
public sealed record MembersAdded(string EventId, UserRef From, ConversationRef Conversation, IReadOnlyList<UserRef> Members, bool BotAdded)
    : InboundEvent(EventId, From, Conversation);
