namespace SupportBot.Policy;

/// <summary>One mistake in a policy file, pointing at the line and field to fix.</summary>
/// <param name="Line">1-based line of the offending node; 0 when the problem is the file itself.</param>
/// <param name="Field">Path such as <c>severities[1].response</c>; empty for a YAML syntax error.</param>
public sealed record PolicyError(string File, int Line, string Field, string Message)
{
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}" : File;
        return Field.Length == 0 ? $"{where}: {Message}" : $"{where}: {Field}: {Message}";
    }
}
