using System.Collections.Concurrent;
using Quartz;

namespace SupportBot.Tests.Scheduling;

/// <summary>One firing of a probe job: which node ran it, for which slot, and whether it was a recovery.</summary>
public sealed record ProbeRun(string Job, string Node, DateTimeOffset Slot, bool Recovering, TriggerKey? RecoveringTrigger, long StartedAt);

/// <summary>What a test's probe job records, and what its first run does (e.g. hang until the test lets go).</summary>
public sealed class Probe
{
    private readonly ConcurrentQueue<ProbeRun> runs = new();

    public Func<ProbeRun, CancellationToken, Task> Behaviour { get; init; } = (_, _) => Task.CompletedTask;

    public IReadOnlyList<ProbeRun> Runs => [.. runs];

    public Task RunAsync(ProbeRun run, CancellationToken ct)
    {
        runs.Enqueue(run);
        return Behaviour(run, ct);
    }
}

/// <summary>
/// A calendar job for the cluster tests, declared like the app's. Quartz builds it from its type name
/// (as a node that did not schedule it must), so it finds its test's <see cref="Probe"/> by job name.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ProbeJob : IJob
{
    public static readonly ConcurrentDictionary<string, Probe> Probes = new();

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var run = new ProbeRun(context.JobDetail.Key.Name, context.Scheduler.SchedulerInstanceId, context.ScheduledFireTimeUtc ?? context.FireTimeUtc,
            context.Recovering, context.Recovering ? context.RecoveringTriggerKey : null, TimeProvider.System.GetTimestamp());
        await Probes[context.JobDetail.Key.Name].RunAsync(run, cancellationToken);
    }
}
