using System.Collections.Concurrent;

namespace SupportBot.Slack.Inbound;

/// <summary>
/// Work that must wait until an answer is out and must not hold up Slack's 3-second ack: the rest of an
/// over-long ephemeral or command answer. Each piece of work starts once its answer has been sent (the HTTP
/// response completed, the Socket Mode ack written), so what it posts lands under that answer; it is
/// cancelled when the app stops, and a crash is logged rather than lost.
/// </summary>
public sealed partial class SlackFollowUps(IHostApplicationLifetime lifetime, ILogger<SlackFollowUps> logger)
{
    private readonly ConcurrentDictionary<Task, byte> running = new();

    /// <summary>Runs <paramref name="work"/> in the background after <paramref name="answered"/>; not at all if the answer failed.</summary>
    public void After(Task answered, Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(answered);
        ArgumentNullException.ThrowIfNull(work);
        var task = RunAsync(answered, work);
        running.TryAdd(task, 0);
        _ = task.ContinueWith(Finished, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Runs <paramref name="work"/> once the HTTP response has been sent to Slack.</summary>
    public void AfterResponse(HttpResponse response, Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(response);
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        response.OnCompleted(() =>
        {
            sent.TrySetResult();
            return Task.CompletedTask;
        });
        After(sent.Task, work);
    }

    /// <summary>Completes when everything started so far has finished (tests wait on it instead of sleeping).</summary>
    public Task IdleAsync() => Task.WhenAll(running.Keys);

    private async Task RunAsync(Task answered, Func<CancellationToken, Task> work)
    {
        // Observed here without throwing: an answer that was not sent has no rest to follow it.
        await answered.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        if (!answered.IsCompletedSuccessfully)
        {
            return;
        }
        // Off the thread that completed the answer: the request or socket loop goes on at once.
        await Task.Yield();
        var stopping = lifetime.ApplicationStopping;
        try
        {
            await work(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: what was not sent yet is not sent.
        }
    }

    private void Finished(Task task)
    {
        running.TryRemove(task, out _);
        if (task.Exception is { } crash)
        {
            LogCrashed(crash);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A Slack follow-up (the rest of an answer) failed")]
    private partial void LogCrashed(Exception exception);
}
