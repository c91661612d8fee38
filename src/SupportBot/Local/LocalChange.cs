namespace SupportBot.Local;

/// <summary>Something in the local workspace changed: a conversation (created, joined, archived) or one message (new, replaced, pinned).</summary>
public sealed record LocalChange(string ConversationId, long? MessageId)
{
    public static LocalChange Conversation(string id) => new(id, null);

    public static LocalChange Message(string conversationId, long messageId) => new(conversationId, messageId);
}
