using System.Text.Json.Nodes;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;

namespace SupportBot.Outbox;

/// <summary>
/// The short card that tells agents an operation was given up on. It names the case, the
/// conversation and the reason, never the message body, which may hold a reporter's details.
/// </summary>
public static class DeadLetterNotice
{
    public const string Template = "notice";
    public const string Kind = "outbox-dead-letter";

    public static PostMessage For(DeadLetter letter, ConversationRef triage)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var subject = letter.CaseNumber is null ? "A message" : $"A message about {letter.CaseNumber}";
        var text = $"{subject} could not be delivered ({letter.Op} to {letter.Lane}): {letter.Reason}";
        var data = new JsonObject
        {
            ["kind"] = Kind,
            ["title"] = "Message not delivered",
            ["caseNumber"] = letter.CaseNumber,
            ["lane"] = letter.Lane,
            ["op"] = letter.Op,
            ["reason"] = letter.Reason,
            ["text"] = text,
        };
        return new PostMessage(triage, new OutboundMessage(Template, data, text), MessageKey: null) { CaseNumber = letter.CaseNumber };
    }

    public static bool Is(Outgoing op) =>
        op is PostMessage { Message: { Template: Template, Data: var data } }
        && data["kind"] is JsonValue kind && kind.TryGetValue<string>(out var value) && value == Kind;
}
