using NodaTime;
using SupportBot.Core.Channels;

namespace SupportBot.Core.Intake;

/// <summary>An intake in progress, stored so that it survives a restart. One per reporter.</summary>
public sealed record IntakeSession(
    UserRef Reporter,
    ConversationRef Conversation,
    IReadOnlyDictionary<string, string> Answers,
    IntakeStage Stage,
    Instant StartedAt,
    Instant UpdatedAt);

/// <summary>Answering questions, reading the deflection steps, or confirming the severity preview.</summary>
public enum IntakeStage { Answering, Deflecting, Confirming }
