using System.Diagnostics;

namespace SupportBot.Benchmarks;

/// <summary>One run of the benchmark: its scratch folder, its progress log and the figures the scenarios add.</summary>
public sealed class BenchRun(string folder, TextWriter log)
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly List<Figure> figures = [];

    /// <summary>Deleted at the end of the run unless --keep.</summary>
    public string Folder { get; } = folder;

    public IReadOnlyList<Figure> Figures => figures;

    /// <summary>A new empty folder under the run's, e.g. for one app's SQLite file and policy.</summary>
    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(Folder, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)])).FullName;

    /// <summary>A progress line, prefixed with the time since the run began (on stderr: stdout is the table).</summary>
    public void Log(string line) => log.WriteLine($"{clock.Elapsed:mm\\:ss} {line}");

    public void Add(Figure figure) => figures.Add(figure);
}
