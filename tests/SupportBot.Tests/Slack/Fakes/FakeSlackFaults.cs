using System.Text.Json.Nodes;

namespace SupportBot.Tests.Slack.Fakes;

/// <summary>
/// A scripted fault plan (<see cref="Faults"/>) over the queue of <see cref="FailNext"/>, and the
/// ledger of messages the workspace accepted (<see cref="Writes"/>), in the order it accepted them.
/// Slack applies a 429 to the method for the whole workspace, so the plan holds the method.
/// </summary>
public sealed partial class FakeSlack
{
    private readonly List<FakeWrite> writes = [];

    /// <summary>Failures by time window; null (the default) fails nothing but what <see cref="FailNext"/> queued.</summary>
    public FaultSchedule? Faults { get; set; }

    /// <summary>Every chat.postMessage and chat.update that succeeded, in order.</summary>
    public IReadOnlyList<FakeWrite> Writes()
    {
        lock (gate)
        {
            return [.. writes];
        }
    }

    /// <summary>The scripted failure for this call, if any (called under the lock).</summary>
    private Failure? Scripted(string method, JsonObject args)
    {
        if (Faults is not { } plan)
        {
            return null;
        }
        var targets = new[] { Text(args, "channel"), Text(args, "users") }.OfType<string>().ToList();
        return plan.Next(method, targets, holdKey: method) is { } fault ? new Failure(fault.Status, fault.RetryAfter, fault.Code) : null;
    }

    private void Wrote(string method, MessageState message) =>
        writes.Add(new FakeWrite(method, message.Channel, message.Ts, message.Text, time.GetUtcNow()));
}
