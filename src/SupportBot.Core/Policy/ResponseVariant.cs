using SupportBot.Core.Sla;

namespace SupportBot.Core.Policy;

/// <summary>
/// A first-response target that replaces a severity's own when the report's answers match
/// <see cref="When"/> and, if <see cref="During"/> names a calendar, that calendar is open at the
/// moment the case is opened (seed 000: 15 minutes when the reporter also phones, but 1 hour on
/// weekends and public holidays). The target counts on the severity's response calendar.
/// </summary>
public sealed record ResponseVariant(AnswerCondition When, string? During, SlaTarget Response);
