namespace SupportBot.Benchmarks.Drain;

/// <summary>What a fake received, checked against the backlog: every message exactly once, each conversation's in order.</summary>
public static class DrainCheck
{
    /// <param name="received">Texts in the order the fake accepted them, with the conversation each went to.</param>
    /// <returns>Null when all is well; otherwise what is wrong, for the scenario to fail with.</returns>
    public static string? Problem(IReadOnlyList<(string Conversation, string? Text)> received, IReadOnlyList<string> conversations, int perConversation)
    {
        ArgumentNullException.ThrowIfNull(received);
        ArgumentNullException.ThrowIfNull(conversations);
        var next = new int[conversations.Count];
        foreach (var (conversation, text) in received)
        {
            if (DrainBacklog.Parse(text) is not { } message)
            {
                return $"the fake received a message that is not the backlog's: '{text}' in {conversation}";
            }
            if (conversations[message.Conversation] != conversation)
            {
                return $"'{text}' went to {conversation}, not {conversations[message.Conversation]}";
            }
            if (message.Sequence != next[message.Conversation])
            {
                return message.Sequence < next[message.Conversation]
                    ? $"'{text}' arrived twice, or after a later one"
                    : $"'{text}' arrived before message {next[message.Conversation]} of its conversation";
            }
            next[message.Conversation]++;
        }
        for (var c = 0; c < next.Length; c++)
        {
            if (next[c] != perConversation)
            {
                return $"{conversations[c]} received {next[c]} of its {perConversation} messages";
            }
        }
        return null;
    }
}
