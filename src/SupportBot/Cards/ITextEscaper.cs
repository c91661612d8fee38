namespace SupportBot.Cards;

/// <summary>
/// Escapes a value bound from data before it is placed into text that a platform renders as markup,
/// so that user-provided text stays text. Each platform (Adaptive Card markdown, Slack mrkdwn) has its own.
/// </summary>
public interface ITextEscaper
{
    string Escape(string text);
}
