using System.Globalization;
using System.Text.Json.Nodes;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Outbox;

namespace SupportBot.Benchmarks.Drain;

/// <summary>
/// The backlog the drain starts from: <c>perConversation</c> notices to each conversation, written
/// through the product's own outbox row format (<see cref="OutboxStore.Enqueue"/>) in one transaction
/// before the app starts, interleaved as a storm would write them. Each text names its conversation
/// and its place in that conversation's order, which is what the check reads back.
/// </summary>
public static class DrainBacklog
{
    public static void Write(BenchDatabase database, IReadOnlyList<ConversationRef> conversations, int perConversation)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(conversations);
        var db = database.Open();
        db.Migrate();
        using var connection = db.Open();
        using var transaction = db.BeginWrite(connection);
        var now = TimeProvider.System.GetUtcNow();
        for (var sequence = 0; sequence < perConversation; sequence++)
        {
            for (var c = 0; c < conversations.Count; c++)
            {
                var text = Text(c, sequence);
                var data = new JsonObject { ["title"] = "Drain", ["text"] = text };
                OutboxStore.Enqueue(connection, transaction, new PostMessage(conversations[c], new OutboundMessage("notice", data, text), null), now);
            }
        }
        transaction.Commit();
    }

    /// <summary>"drain 17 42": the 43rd message to the 18th conversation.</summary>
    public static string Text(int conversation, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"drain {conversation} {sequence}");

    /// <summary>The (conversation, sequence) a text names, or null for a text that is not the backlog's.</summary>
    public static (int Conversation, int Sequence)? Parse(string? text)
    {
        var parts = text?.Split(' ');
        return parts is ["drain", var c, var s]
            && int.TryParse(c, CultureInfo.InvariantCulture, out var conversation)
            && int.TryParse(s, CultureInfo.InvariantCulture, out var sequence)
                ? (conversation, sequence)
                : null;
    }
}
