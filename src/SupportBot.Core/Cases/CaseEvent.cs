using NodaTime;

namespace SupportBot.Core.Cases;

/// <summary>
/// One entry of the case log: who, when, what (a stable type id such as <c>claimed</c>) and why,
/// with <see cref="Summary"/> in words for the timeline. The log is the audit trail and the KPI source.
/// </summary>
public sealed record CaseEvent(
    string CaseId,
    Instant At,
    string ActorKey,
    string ActorName,
    string Type,
    string Summary,
    IReadOnlyDictionary<string, string> Data)
{
    public const string System = "system";
}
