namespace SupportBot.Benchmarks;

/// <summary>The benchmark's command line.</summary>
public sealed record BenchOptions(IReadOnlySet<string> Only, string? Postgres, string? Markdown, bool Keep)
{
    /// <summary>The options, or null with <paramref name="message"/> saying what is wrong (empty for --help).</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args, IReadOnlyList<string> scenarios, out string message)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(scenarios);
        var only = new HashSet<string>(StringComparer.Ordinal);
        var postgres = Environment.GetEnvironmentVariable("SUPPORTBOT_BENCH_POSTGRES") is { Length: > 0 } p ? p : null;
        string? markdown = null;
        var keep = false;
        for (var i = 0; i < args.Count; i++)
        {
            string? Value() => i + 1 < args.Count ? args[++i] : null;
            switch (args[i])
            {
                case "--only":
                    foreach (var name in (Value() ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (!scenarios.Contains(name))
                        {
                            message = $"No scenario called '{name}'.";
                            return null;
                        }
                        only.Add(name);
                    }
                    if (only.Count == 0)
                    {
                        message = "--only needs a scenario name.";
                        return null;
                    }
                    break;
                case "--postgres":
                    postgres = Value() ?? "";
                    if (postgres.Length == 0)
                    {
                        message = "--postgres needs a connection string.";
                        return null;
                    }
                    break;
                case "--markdown":
                    markdown = Value();
                    if (markdown is null)
                    {
                        message = "--markdown needs a file name.";
                        return null;
                    }
                    break;
                case "--keep":
                    keep = true;
                    break;
                case "--help" or "-h":
                    message = "";
                    return null;
                default:
                    message = $"Unknown option '{args[i]}'.";
                    return null;
            }
        }
        message = "";
        return new BenchOptions(only, postgres, markdown, keep);
    }
}
