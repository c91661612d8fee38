namespace SupportBot.Cards;

/// <summary>Leaves bound text unchanged: for previews, tests and targets that never render markup.</summary>
public sealed class RawText : ITextEscaper
{
    public static readonly RawText Instance = new();

    public string Escape(string text) => text;
}
