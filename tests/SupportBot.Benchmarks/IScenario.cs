namespace SupportBot.Benchmarks;

/// <summary>One measurement of the benchmark: it starts what it needs, adds its figures to the run, and stops it all again.</summary>
public interface IScenario
{
    /// <summary>The name <c>--only</c> selects it by, and the first column of the table.</summary>
    string Name { get; }

    /// <summary>One line for <c>--help</c>.</summary>
    string Description { get; }

    /// <summary>Runs once per store (SQLite, and PostgreSQL when configured); <paramref name="store"/> gives each app a fresh database.</summary>
    Task RunAsync(BenchRun run, BenchStore store, CancellationToken ct);
}
