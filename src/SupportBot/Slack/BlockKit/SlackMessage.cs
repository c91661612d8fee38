using System.Text.Json.Nodes;

namespace SupportBot.Slack.BlockKit;

/// <summary>
/// The <c>text</c> and <c>blocks</c> of a <c>chat.postMessage</c> / <c>chat.update</c> call. <see cref="Text"/> is
/// the mrkdwn-escaped fallback that notifications, screen readers and search show. <see cref="Rest"/> holds the
/// blocks of replies to post in the message's thread when the card is too long for one message (a note at
/// the end of <see cref="Blocks"/> says so); it is empty for almost every card. An ephemeral message has no
/// thread: its rest is sent as further ephemerals to the same person, in order.
/// </summary>
public sealed record SlackMessage(string Text, JsonArray Blocks, IReadOnlyList<JsonArray> Rest)
{
    /// <summary>The fallback text of each message of <see cref="Rest"/>.</summary>
    public const string ContinuedText = "Continued from the message above.";

    public SlackMessage(string text, JsonArray blocks)
        : this(text, blocks, [])
    {
    }
}
