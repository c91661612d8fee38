using SupportBot.Core;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Outbox;
using SupportBot.Scheduling;
using SupportBot.Storage;

namespace SupportBot.Hosting;

/// <summary>
/// The coordinator every adapter and the scheduler call: read the clock once, run the engine's
/// decision in one store transaction, then wake the outbox and the timer sweep. Adapters
/// acknowledge the platform only after this returns, i.e. after the commit.
/// </summary>
public sealed partial class CaseWorkflow(
    ConversationEngine engine, IStepStore store, TimeProvider time, OutboxSignal outbox, TimerWake timerWake, WorkflowMetrics metrics,
    StoredDeskSource desk, ILogger<CaseWorkflow> logger)
{
    /// <param name="replyAsOutbox">
    /// For platforms that deliver the immediate reply as an ordinary message: turns it into outbox
    /// operations written in the step's own transaction, so a crash after the commit cannot lose a
    /// reply whose retried event is then de-duplicated.
    /// </param>
    public async Task<InboundResult> HandleAsync(InboundEvent e, CancellationToken ct, Func<InteractionReply, IEnumerable<Outgoing>>? replyAsOutbox = null)
    {
        var now = time.GetCurrentInstant();
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["EventId"] = e.EventId, ["Channel"] = e.From.Channel.Id() });
        var outcome = await store.RunAsync(new StepRequest(e.EventId, null, now), state =>
        {
            var step = engine.Handle(e, state, now);
            if (replyAsOutbox is not null && step.Reply is { } reply)
            {
                step.Outbox.AddRange(replyAsOutbox(reply));
            }
            return step;
        }, ct);
        if (outcome.Status == StepStatus.Duplicate)
        {
            metrics.Duplicate(e.From.Channel.Id());
            LogDuplicate(e.EventId);
            return InboundResult.Ignored;
        }
        metrics.Inbound(e.From.Channel.Id());
        AfterCommit(outcome.Step!);
        return new InboundResult(false, outcome.Step!.Reply);
    }

    /// <summary>Schedules what the desk needs at start-up; repeating it at every start changes nothing already scheduled.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        var now = time.GetCurrentInstant();
        var outcome = await store.RunAsync(new StepRequest(null, null, now), _ => engine.Start(now), ct);
        if (outcome.Step is { } step)
        {
            AfterCommit(step);
        }
    }

    /// <summary>Processes one due timer exactly once: a timer already fired or cancelled is skipped.</summary>
    public async Task<bool> FireAsync(DueTimer timer, CancellationToken ct)
    {
        var now = time.GetCurrentInstant();
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TimerId"] = timer.Id, ["TimerKind"] = timer.Kind });
        var outcome = await store.RunAsync(new StepRequest(null, timer.Id, now), state => engine.HandleTimer(timer, state, now), ct);
        if (outcome.Status != StepStatus.Committed)
        {
            return false;
        }
        LogTimerFired(timer.Kind, timer.Key, (now - timer.DueAt).TotalMilliseconds);
        metrics.TimerFired(timer.Kind, (now - timer.DueAt).ToTimeSpan());
        AfterCommit(outcome.Step!);
        return true;
    }

    private void AfterCommit(EngineStep step)
    {
        if (step.DeskChanges.Count > 0)
        {
            desk.Reload();
        }
        foreach (var change in step.Cases)
        {
            foreach (var e in change.Events)
            {
                LogCaseEvent(change.Case.Number, e.Type);
            }
        }
        if (step.Outbox.Count > 0)
        {
            outbox.Wake();
        }
        var earliest = step.Timers.OfType<SetTimer>().Select(t => t.DueAt).DefaultIfEmpty().Min();
        if (step.Timers.OfType<SetTimer>().Any())
        {
            timerWake.TimerSet(earliest);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Duplicate platform event {EventId} ignored")]
    private partial void LogDuplicate(string eventId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer {Kind} {Key} fired {LatenessMs} ms after due")]
    private partial void LogTimerFired(string kind, string key, double latenessMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseNumber}: {EventType}")]
    private partial void LogCaseEvent(string caseNumber, string eventType);
}

/// <summary>What the adapter answers the platform with: nothing for a duplicate, else the engine's reply.</summary>
public sealed record InboundResult(bool Duplicate, InteractionReply? Reply)
{
    public static readonly InboundResult Ignored = new(true, null);
}
