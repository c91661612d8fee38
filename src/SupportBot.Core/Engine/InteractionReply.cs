using SupportBot.Core.Channels;

namespace SupportBot.Core.Engine;

/// <summary>
/// What the person who acted sees at once, delivered by the adapter on the same request: a new card
/// in this conversation (the answer to a message or command), the card they clicked replaced (Teams
/// invoke response, Slack views.update), a notice only they see, or validation errors per input.
/// Messages to anyone else go through the outbox.
/// </summary>
public sealed record InteractionReply(ReplyKind Kind, OutboundMessage? Card, string? Text, IReadOnlyDictionary<string, string> Errors)
{
    public static InteractionReply Message(OutboundMessage card) => new(ReplyKind.Message, card, null, new Dictionary<string, string>());

    public static InteractionReply Replace(OutboundMessage card) => new(ReplyKind.ReplaceCard, card, null, new Dictionary<string, string>());

    public static InteractionReply Notice(string text) => new(ReplyKind.Notice, null, text, new Dictionary<string, string>());

    public static InteractionReply Invalid(OutboundMessage card, IReadOnlyDictionary<string, string> errors) =>
        new(ReplyKind.ValidationErrors, card, null, errors);
}

public enum ReplyKind { Message, ReplaceCard, Notice, ValidationErrors }
