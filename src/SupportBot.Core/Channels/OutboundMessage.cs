using System.Text.Json.Nodes;

namespace SupportBot.Core.Channels;

/// <summary>
/// A card to show: the template name in <c>cards/</c>, its data, and plain text for notifications
/// and platforms that show no card. Adapters expand the template with their own text escaping.
/// </summary>
public sealed record OutboundMessage(string Template, JsonObject Data, string Text);
