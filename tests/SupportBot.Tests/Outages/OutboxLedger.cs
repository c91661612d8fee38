using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Outbox;
using SupportBot.Storage;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Outages;

/// <summary>
/// What the platform should have received, from the app's own database: every delivered outbox row
/// that writes a message (post, direct message, update), grouped by the conversation it lands in,
/// in outbox order (the order the engine decided them). A test compares it with the fake's ledger of
/// accepted writes: equal sequences mean nothing lost, nothing repeated, nothing out of order.
/// </summary>
public sealed class OutboxLedger(HostDb db)
{
    /// <param name="directConversation">Where a direct message to this user lands on the platform.</param>
    /// <param name="text">The text the adapter sends for a message (what the fake records).</param>
    public Dictionary<string, List<string>> Expected(Func<UserRef, string> directConversation, Func<OutboundMessage, string> text)
    {
        ArgumentNullException.ThrowIfNull(directConversation);
        ArgumentNullException.ThrowIfNull(text);
        var expected = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var payload in db.Texts("SELECT payload FROM outbox WHERE status = 'delivered' ORDER BY id"))
        {
            var (conversation, message) = StoreJson.Deserialize<Outgoing>(payload) switch
            {
                PostMessage post => (post.To.Id, post.Message),
                DirectMessage direct => (directConversation(direct.To), direct.Message),
                UpdateMessage update => (MessageConversation(update.MessageKey), update.Message),
                var other => throw new InvalidOperationException($"The storm made a {OutgoingNames.Of(other)}, which this ledger does not follow."),
            };
            if (!expected.TryGetValue(conversation, out var list))
            {
                expected[conversation] = list = [];
            }
            list.Add(text(message));
        }
        return expected;
    }

    /// <summary>Rows that were given up on, as the dispatcher announces them.</summary>
    public IReadOnlyList<DeadLetter> Dead() =>
        db.Rows<DeadLetter>(
            "SELECT id AS Id, lane AS Lane, json_extract(payload, '$.op') AS Op, case_number AS CaseNumber, last_error AS Reason " +
            "FROM outbox WHERE status = 'dead' ORDER BY id");

    public long Pending() => db.Count("SELECT count(*) FROM outbox WHERE status = 'pending'");

    private string MessageConversation(string key) =>
        db.Text("SELECT conversation_id FROM message_refs WHERE key = @key", new { key })
        ?? throw new InvalidOperationException($"An update of {key} was delivered but its message never was.");
}
