using NodaTime;
using SupportBot.Core.Channels;

namespace SupportBot.Core.Engine;

/// <summary>A channel registered for a desk role from chat (<c>set triage</c>), by whom and when; the latest per role wins.</summary>
public sealed record DeskRegistration(DeskRole Role, ConversationRef Channel, UserRef SetBy, Instant SetAt);
