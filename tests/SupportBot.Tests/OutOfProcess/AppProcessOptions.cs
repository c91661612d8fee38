namespace SupportBot.Tests.OutOfProcess;

/// <summary>
/// How to start the real app as a child process. Everything reaches the app the way an operator's
/// settings would: environment variables (<c>SupportBot__Section__Key</c>) and command-line arguments.
/// </summary>
public sealed record AppProcessOptions
{
    /// <summary>The SQLite file; the test owns it, and a restart passes the same one. Null for PostgreSQL (given in <see cref="Environment"/>).</summary>
    public string? DatabasePath { get; init; }

    /// <summary>A policy file or a preset name (SupportBot:Policy:Path).</summary>
    public string Policy { get; init; } = "operational-guide";

    /// <summary>The loopback port; 0 picks a free one. A restart may pass the port of the process it replaces.</summary>
    public int Port { get; init; }

    /// <summary>More settings as environment variables, over the harness's own (a null value removes a variable).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>More command-line arguments after the assembly.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The app's SupportBot.dll; by default the one built next to the test assembly (the test project references the app).</summary>
    public string? AppPath { get; init; }

    /// <summary>Where stdout and stderr go; a restart made with <c>with</c> keeps writing to the same buffer, each line prefixed by its process id.</summary>
    public ProcessOutput Output { get; init; } = new();

    /// <summary>How long start-up may take before <c>/readyz</c> must answer 200.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
