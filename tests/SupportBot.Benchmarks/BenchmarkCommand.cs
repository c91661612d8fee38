using System.Diagnostics;

namespace SupportBot.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/SupportBot.Benchmarks [-- options]</c>: runs the scenarios
/// in order, each on SQLite and on PostgreSQL when <c>--postgres</c> gives a server, and prints the
/// table of figures on stdout (progress goes to stderr).
/// </summary>
public static class BenchmarkCommand
{
    private const string Usage = """
        usage: dotnet run -c Release --project tests/SupportBot.Benchmarks [-- options]
          --only NAME[,NAME]   run only these scenarios (names below)
          --postgres CONN      also run every scenario on PostgreSQL (a server where the user may create databases;
                               default: SUPPORTBOT_BENCH_POSTGRES)
          --markdown FILE      also write the table to FILE
          --keep               keep the run's folder (databases, policies) instead of deleting it
        """;

    /// <summary>Every scenario, in the order they run.</summary>
    public static IReadOnlyList<IScenario> Scenarios { get; } =
        [new ColdStartScenario(), new Intake.IntakeScenario(), new Clicks.ClicksScenario(), new Clocks.ClocksScenario(), new Drain.DrainScenario()];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (BenchOptions.Parse(args, Scenarios.Select(s => s.Name).ToList(), out var message) is not { } options)
        {
            error.WriteLine(message);
            error.WriteLine(Usage + string.Concat(Scenarios.Select(s => $"\n  {s.Name,-16} {s.Description}")));
            return message.Length == 0 ? 0 : 2;
        }
        var folder = Directory.CreateTempSubdirectory("supportbot-bench-").FullName;
        var run = new BenchRun(folder, error);
        List<BenchStore> stores = [new SqliteStore()];
        if (options.Postgres is { } server)
        {
            stores.Add(new PostgresStore(server));
        }
        var total = Stopwatch.StartNew();
        try
        {
            foreach (var scenario in Scenarios.Where(s => options.Only.Count == 0 || options.Only.Contains(s.Name)))
            {
                foreach (var store in stores)
                {
                    run.Log($"{scenario.Name} on {store.Name}");
                    await scenario.RunAsync(run, store, CancellationToken.None);
                }
            }
        }
        finally
        {
            if (!options.Keep)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        var table = Table.Render(run.Figures);
        output.WriteLine(Machine.Describe());
        output.WriteLine($"Command: dotnet run -c Release --project tests/SupportBot.Benchmarks{CommandLine(args)}; took {total.Elapsed:m\\:ss}.");
        output.WriteLine();
        output.Write(table);
        if (options.Markdown is { } file)
        {
            await File.WriteAllTextAsync(file, table);
        }
        var missed = run.Figures.Count(f => f.Target is { Met: false });
        error.WriteLine(missed == 0 ? "Every target met." : $"{missed} target(s) missed: see the table.");
        return 0;
    }

    // Characters that make the shell split or reinterpret an argument: such an argument is printed in quotes.
    private static readonly System.Buffers.SearchValues<char> ShellSpecial = System.Buffers.SearchValues.Create(" ;&|\"'");

    private static string CommandLine(string[] args) =>
        args.Length == 0 ? "" : " --" + string.Concat(args.Select(a => a.AsSpan().ContainsAny(ShellSpecial) ? $" \"{a}\"" : " " + a));
}
