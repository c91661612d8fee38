namespace SupportBot.Core.Policy;

/// <summary>
/// Conditions on intake answers; all clauses must match. A clause matches when the answer to
/// <see cref="AnswerClause.QuestionId"/> is one of <see cref="AnswerClause.AnyOf"/> (or, negated, is not).
/// An empty condition always matches.
/// </summary>
public sealed record AnswerCondition(IReadOnlyList<AnswerClause> Clauses)
{
    public static readonly AnswerCondition Always = new([]);

    public bool Matches(IReadOnlyDictionary<string, string> answers) => Clauses.All(c => c.Matches(answers));
}

public sealed record AnswerClause(string QuestionId, IReadOnlyList<string> AnyOf, bool Negate)
{
    public bool Matches(IReadOnlyDictionary<string, string> answers)
    {
        answers.TryGetValue(QuestionId, out var value);
        var hit = value is not null && AnyOf.Any(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase));
        return Negate ? !hit : hit;
    }
}
