using SupportBot.Core.Policy;

namespace SupportBot.Core.Intake;

/// <summary>
/// An intake question. Well-known ids map onto case fields: <c>category</c>, <c>region</c>,
/// <c>title</c>, <c>description</c>, <c>customer</c>; every answer is also kept on the case.
/// </summary>
public sealed record IntakeQuestion(
    string Id,
    string Text,
    QuestionKind Kind,
    IReadOnlyList<QuestionOption> Options,
    bool Required,
    AnswerCondition ShownWhen,
    string? Help,
    int MaxLength);

public sealed record QuestionOption(string Value, string Title);

public enum QuestionKind { Choice, YesNo, Text, Multiline, Number, Email, Phone, Date }
