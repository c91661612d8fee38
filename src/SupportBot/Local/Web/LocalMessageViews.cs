using SupportBot.Cards;

namespace SupportBot.Local.Web;

/// <summary>Expands the bot's messages into Adaptive Cards for the page, with the same escaping as Teams.</summary>
public sealed partial class LocalMessageViews(CardLibrary cards, ILogger<LocalMessageViews> logger)
{
    public LocalMessageView View(LocalMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var (card, error) = message.Author is null && message.Template.Length > 0 ? Expand(message) : (null, null);
        return new LocalMessageView(message.Id, message.ConversationId, message.Template, message.Data, message.Text, message.Pinned,
            message.CreatedAt, message.UpdatedAt, message.Author, card, error);
    }

    private (System.Text.Json.Nodes.JsonObject? Card, string? Error) Expand(LocalMessage message)
    {
        try
        {
            return (cards.Render(message.Template, message.Data, AdaptiveCardTextEscaper.Instance), null);
        }
        catch (Exception ex) when (ex is CardTemplateException or KeyNotFoundException)
        {
            // The page still shows the message's text, and says why there is no card.
            LogNotExpanded(message.Id, message.Template, ex.Message);
            return (null, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local message {MessageId}: card {Template} cannot be expanded: {Reason}")]
    private partial void LogNotExpanded(long messageId, string template, string reason);
}
