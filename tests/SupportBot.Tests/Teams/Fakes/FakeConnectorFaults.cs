using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SupportBot.Tests.Teams.Fakes;

/// <summary>
/// A scripted fault plan (<see cref="Faults"/>) over the queue of <see cref="FailNext"/>, and the
/// ledger of activities the Connector accepted (<see cref="Writes"/>), in the order it accepted them.
/// Teams throttles per bot and conversation (teams-protocol.md §5.5), so the plan holds the conversation.
/// </summary>
public sealed partial class FakeConnector
{
    /// <summary>The sub-code Teams answers a send with when the user blocked or uninstalled the bot.</summary>
    public const string MessageWritesBlocked = "MessageWritesBlocked";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly List<FakeConnectorWrite> writes = [];

    private int inFlight;

    /// <summary>Requests received and not yet answered: a test steps its clock only when there are none.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>Failures by time window; null (the default) fails nothing but what <see cref="FailNext"/> queued.</summary>
    public FaultSchedule? Faults { get; set; }

    /// <summary>Every send, reply, update and thread start that succeeded, in order.</summary>
    public IReadOnlyList<FakeConnectorWrite> Writes
    {
        get
        {
            lock (gate)
            {
                return [.. writes];
            }
        }
    }

    /// <summary>
    /// The scripted failure for this call, if any (called under the lock). A call is held by its thread: a
    /// channel's reply chains (<c>19:…;messageid=…</c>) are the channel's. A create is held by the member it is with.
    /// </summary>
    private Failure? Scripted(string operation, string? conversation, JsonObject body)
    {
        if (Faults is not { } plan)
        {
            return null;
        }
        var member = body["members"] is JsonArray { Count: 1 } members ? members[0]?["id"]?.GetValue<string>() : null;
        var targets = new[] { conversation, member }.OfType<string>().ToList();
        var key = conversation is null ? $"create:{member}" : conversation.Split(";messageid=")[0];
        return plan.Next(operation, targets, key) is { } fault ? new Failure(fault.Status, fault.RetryAfter, fault.Code, fault.Message) : null;
    }

    /// <summary>
    /// An injected failure's body: the Bot Framework ErrorResponse (<c>{"error":{"code","message"}}</c>),
    /// except when the bot is blocked or uninstalled (<c>MessageWritesBlocked</c>), which Teams answers in
    /// its own shape: <c>errorCode</c> 209 and the sub-code and details in a JSON string, as in the
    /// example of Microsoft's proactive-messages page ("Understand who blocked, muted, or uninstalled a bot").
    /// </summary>
    private static JsonObject FailureBody(Failure failure)
    {
        var code = failure.Code ?? StatusCodeName(failure.Status);
        var message = failure.Message ?? "Injected failure";
        if (code != MessageWritesBlocked)
        {
            return Error(code, message);
        }
        var details = new JsonObject { ["subCode"] = code, ["details"] = message, ["errorCode"] = null, ["errorSubCode"] = null };
        return new JsonObject { ["errorCode"] = 209, ["message"] = details.ToJsonString(Indented).ReplaceLineEndings("\r\n") };
    }

    private void Wrote(string operation, string conversation, string activityId, JsonObject activity) =>
        writes.Add(new FakeConnectorWrite(
            operation, conversation, activityId, activity["summary"]?.GetValue<string>() ?? activity["text"]?.GetValue<string>(), time.GetUtcNow()));

    /// <summary>Middleware counting <see cref="InFlight"/>.</summary>
    private async Task CountInFlightAsync(HttpContext context, RequestDelegate next)
    {
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

/// <summary>An activity the Connector accepted, with its summary (the card's plain text) or text, and when.</summary>
public sealed record FakeConnectorWrite(string Operation, string Conversation, string ActivityId, string? Text, DateTimeOffset At);
