using System.Diagnostics;

namespace SupportBot.Tests.OutOfProcess;

/// <summary>Everything a child process wrote to stdout and stderr, line by line, kept for tests that scan it (e.g. for secrets).</summary>
public sealed class ProcessOutput
{
    private readonly Lock gate = new();
    private readonly List<string> lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (gate)
            {
                return [.. lines];
            }
        }
    }

    public string Text => string.Join('\n', Lines);

    /// <summary>Starts reading both streams of a process started with redirected output.</summary>
    public void Attach(Process process, string prefix)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.OutputDataReceived += (_, e) => Add(prefix, e.Data);
        process.ErrorDataReceived += (_, e) => Add(prefix + "err ", e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The last lines, for a failure message.</summary>
    public string Tail(int count = 40)
    {
        var all = Lines;
        return string.Join('\n', all.Skip(Math.Max(0, all.Count - count)));
    }

    private void Add(string prefix, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (gate)
        {
            lines.Add(prefix + line);
        }
    }
}
