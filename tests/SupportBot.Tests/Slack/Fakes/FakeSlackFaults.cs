using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SupportBot.Tests.Slack.Fakes;

/// <summary>
/// A scripted fault plan (<see cref="Faults"/>) over the queue of <see cref="FailNext"/>, and the
/// ledger of messages the workspace accepted (<see cref="Writes"/>), in the order it accepted them.
/// Slack applies a 429 to the method for the whole workspace, so the plan holds the method.
/// </summary>
public sealed partial class FakeSlack
{
    private readonly List<FakeWrite> writes = [];

    private int inFlight;

    /// <summary>Requests received and not yet answered: a test steps its clock only when there are none.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

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

    /// <summary>Middleware counting Web API calls in <see cref="InFlight"/> (a Socket Mode connection stays open: not counted).</summary>
    private async Task CountInFlightAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }
        Interlocked.Increment(ref inFlight);
        try
        {
            await next(context);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }
}
