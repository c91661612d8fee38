using System.Text.Json.Nodes;
using SupportBot.Core.Channels;

namespace SupportBot.Slack;

/// <summary>
/// Turns a card into what Slack shows: Block Kit blocks and the top-level fallback text that
/// notifications, screen readers and search use. Both must already be escaped for mrkdwn.
/// </summary>
public interface ISlackRenderer
{
    SlackRendered Render(OutboundMessage message);
}

/// <summary>A rendered card. <see cref="Blocks"/> is copied before it is sent, so a renderer may cache it.</summary>
public sealed record SlackRendered(string Text, JsonArray Blocks);
