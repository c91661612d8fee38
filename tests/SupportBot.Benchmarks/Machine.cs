using System.Runtime.InteropServices;

namespace SupportBot.Benchmarks;

/// <summary>The machine a run was on, for the top of the table: figures only compare on the same one.</summary>
public static class Machine
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0);
        return $"Machine: {Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {memory:F0} GiB, "
            + $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}; {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC.";
    }
}
