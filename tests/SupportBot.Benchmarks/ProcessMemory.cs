using System.Globalization;

namespace SupportBot.Benchmarks;

/// <summary>A child process's memory as Linux counts it (/proc/PID/status).</summary>
public static class ProcessMemory
{
    /// <summary>The peak resident set size so far (VmHWM), in bytes: the peak working set.</summary>
    public static long PeakWorkingSet(int pid) => Read(pid, "VmHWM:");

    /// <summary>The resident set size now (VmRSS), in bytes.</summary>
    public static long WorkingSet(int pid) => Read(pid, "VmRSS:");

    private static long Read(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"/proc/{pid}/status has no {field}");
        // "VmHWM:	  123456 kB"
        var kilobytes = long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kilobytes * 1024;
    }
}
