using NodaTime;

namespace SupportBot.Core.Policy;

/// <summary>How long closed cases and their logs are kept before the purge removes them.</summary>
public sealed record RetentionSettings(Period KeepClosedCasesFor);
