using System.Text.RegularExpressions;

namespace SupportBot.Tests.OutOfProcess;

public enum SubmissionOutcome
{
    /// <summary>Not sent: the app was already dead.</summary>
    NotSent,

    /// <summary>A 2xx: Slack would close the modal, and the reporter believes the case is open.</summary>
    Acknowledged,

    /// <summary>No answer, or an error: the case may or may not be open.</summary>
    Failed,
}

/// <summary>One final submission and what came back: the case number the 2xx named, or why there was none.</summary>
public sealed record SubmissionResult(PreparedReport Report, SubmissionOutcome Outcome, string? CaseNumber, string Detail);

/// <summary>
/// The final submissions of many reports, <c>inFlight</c> at a time, with the app SIGKILLed once
/// <c>killAfter</c> of them have finished (after a further <c>killDelay</c>): the ones still in flight
/// then get no answer, and the rest are never sent.
/// </summary>
public static partial class IntakeBurst
{
    public static async Task<(IReadOnlyList<SubmissionResult> Results, DateTimeOffset KilledAt)> RunAsync(
        AppProcess app, SlackIntakeRequests slack, IReadOnlyList<PreparedReport> reports, int inFlight, int killAfter, TimeSpan killDelay)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(reports);
        var results = new SubmissionResult[reports.Count];
        var finished = 0;
        var dead = 0;
        var due = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var killer = Task.Run(async () =>
        {
            await due.Task;
            await Task.Delay(killDelay);
            var at = TimeProvider.System.GetUtcNow();
            Volatile.Write(ref dead, 1);
            app.Kill();
            return at;
        });
        using var gate = new SemaphoreSlim(inFlight);
        await Task.WhenAll(reports.Select(async (report, i) =>
        {
            await gate.WaitAsync();
            try
            {
                results[i] = Volatile.Read(ref dead) == 1
                    ? new SubmissionResult(report, SubmissionOutcome.NotSent, null, "the app was down")
                    : await SubmitAsync(app, slack, report, CancellationToken.None);
            }
            finally
            {
                gate.Release();
                if (Interlocked.Increment(ref finished) >= killAfter)
                {
                    due.TrySetResult();
                }
            }
        }));
        due.TrySetResult();
        return (results, await killer);
    }

    /// <summary>The preview's Submit, once; a 2xx names the opened case, or says the report was handled already.</summary>
    public static async Task<SubmissionResult> SubmitAsync(AppProcess app, SlackIntakeRequests slack, PreparedReport report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(slack);
        ArgumentNullException.ThrowIfNull(report);
        try
        {
            using var response = await slack.PostAsync(app.Client, "/api/slack/interactions", slack.SubmitBody(report), ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                return new SubmissionResult(report, SubmissionOutcome.Failed, null, $"HTTP {(int)response.StatusCode}");
            }
            var number = CaseNumber().Match(body);
            return new SubmissionResult(report, SubmissionOutcome.Acknowledged, number.Success ? number.Value : null, body);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
        {
            return new SubmissionResult(report, SubmissionOutcome.Failed, null, ex.GetType().Name);
        }
    }

    [GeneratedRegex(CrashPolicy.Prefix + @"-\d{6}")]
    private static partial Regex CaseNumber();
}
