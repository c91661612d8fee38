using System.Globalization;

namespace SupportBot.Benchmarks.Intake;

/// <summary>
/// CPU time a child process has used (user + system, from /proc/PID/stat): per request it says what a
/// request costs, which a busy shared machine changes far less than it changes latency.
/// </summary>
public static class ProcessCpu
{
    public static TimeSpan Used(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        // USER_HZ is 100 on every Linux the benchmark runs on.
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}
