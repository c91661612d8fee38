namespace SupportBot.Cards;

/// <summary>A card template that cannot be loaded: bad JSON, bad structure or a bad binding expression.</summary>
public sealed class CardTemplateException : Exception
{
    public CardTemplateException(string templateName, string? expression, string reason)
        : base(expression is null
            ? $"Card template '{templateName}': {reason}"
            : $"Card template '{templateName}': {reason} in expression '{expression}'")
    {
        TemplateName = templateName;
        Expression = expression;
        Reason = reason;
    }

    public string TemplateName { get; }

    public string? Expression { get; }

    /// <summary>The problem without the template name, for reports that list many templates.</summary>
    public string Reason { get; }
}
