using System.Text.Json.Nodes;

namespace SupportBot.Slack.Inbound;

/// <summary>
/// What a slash command is answered with: the ack's body (null for an empty ack), and, when the answer is too
/// long for one message, the sending of its rest, to start only once the ack is out (<see cref="SlackFollowUps"/>).
/// </summary>
public sealed record SlackCommandAnswer(JsonObject? Body, Func<CancellationToken, Task>? Rest = null)
{
    public static readonly SlackCommandAnswer Empty = new(Body: null);
}
