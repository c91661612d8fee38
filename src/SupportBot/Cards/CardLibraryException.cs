namespace SupportBot.Cards;

/// <summary>Every invalid template in a card folder, so that one start-up attempt shows all of them.</summary>
public sealed class CardLibraryException : Exception
{
    public CardLibraryException(IReadOnlyList<string> problems)
        : base($"{problems.Count} card template(s) are invalid:{Environment.NewLine}  "
            + string.Join(Environment.NewLine + "  ", problems))
    {
        Problems = problems;
    }

    /// <summary>One line per problem: "file.json: reason".</summary>
    public IReadOnlyList<string> Problems { get; }
}
