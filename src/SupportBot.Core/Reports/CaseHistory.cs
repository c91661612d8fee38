using SupportBot.Core.Cases;

namespace SupportBot.Core.Reports;

/// <summary>A case as the KPIs read it: its projection (current clocks and answers) and its log, oldest event first.</summary>
public sealed record CaseHistory(CaseRecord Case, IReadOnlyList<CaseEvent> Events);
