using Quartz;

namespace SupportBot.Lint;

/// <summary>Every few minutes: the day's policy lint, once a day (cheap when done: one lookup); never two at once.</summary>
[DisallowConcurrentExecution]
public sealed partial class PolicyLintJob(PolicyLintPoster poster, ILogger<PolicyLintJob> logger) : IJob
{
    public static readonly JobKey Key = new("policy-lint", "supportbot");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await poster.PostIfDueAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next run tries again; the day's row is written only with its post.
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The daily policy lint failed")]
    private partial void LogFailed(Exception ex);
}
