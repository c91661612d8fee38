using System.Text.Json.Nodes;

namespace SupportBot.Slack.BlockKit;

/// <summary>
/// The <c>text</c> and <c>blocks</c> of a <c>chat.postMessage</c> / <c>chat.update</c> call. <see cref="Text"/> is
/// the mrkdwn-escaped fallback that notifications, screen readers and search show.
/// </summary>
public sealed record SlackMessage(string Text, JsonArray Blocks);
