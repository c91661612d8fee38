using System.Globalization;

namespace SupportBot.Outbox;

/// <summary>
/// Who holds a lease in a store shared by several instances: unique per process (a restart is a new
/// instance, so it never mistakes a lease of the process it replaced for its own), and readable in
/// the database (host, process id) when an operator asks who is working a lane.
/// </summary>
public sealed record InstanceId(string Value)
{
    public static InstanceId ForThisProcess() => new(string.Create(CultureInfo.InvariantCulture,
        $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}"));

    public override string ToString() => Value;
}
