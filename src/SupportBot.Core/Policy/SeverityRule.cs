namespace SupportBot.Core.Policy;

/// <summary>A row of the ordered severity decision table: first match wins.</summary>
public sealed record SeverityRule(AnswerCondition When, string SeverityId, string Reason);
