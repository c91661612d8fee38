namespace SupportBot.Policy;

/// <summary>Formats errors for the console at start-up: one line each, like a compiler.</summary>
public static class PolicyErrors
{
    public static string Format(IReadOnlyList<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return string.Join(Environment.NewLine, errors.Select(e => e.ToString()));
    }
}
