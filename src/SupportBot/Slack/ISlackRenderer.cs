using SupportBot.Core.Channels;
using SupportBot.Slack.BlockKit;

namespace SupportBot.Slack;

/// <summary>
/// Turns a card into what Slack shows: Block Kit blocks and the top-level fallback text that
/// notifications, screen readers and search use. Both must already be escaped for mrkdwn.
/// </summary>
public interface ISlackRenderer
{
    /// <summary>A card as a message; its blocks are copied before they are sent, so a renderer may cache them.</summary>
    SlackMessage Message(OutboundMessage message);
}
