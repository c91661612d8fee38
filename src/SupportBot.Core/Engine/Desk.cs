using SupportBot.Core.Channels;

namespace SupportBot.Core.Engine;

/// <summary>
/// Where the desk's shared conversations are: the triage channel (a card per case) and the
/// managers' channel (reports). Null when not configured: the engine then posts nothing there.
/// </summary>
public sealed record Desk(ConversationRef? Triage, ConversationRef? Managers);
