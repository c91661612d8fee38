using Quartz;

namespace SupportBot.Retention;

/// <summary>Daily: removes closed cases past the policy's retention. Idempotent, so a missed or repeated run is harmless; never two at once.</summary>
[DisallowConcurrentExecution]
public sealed partial class RetentionJob(RetentionPurge purge, ILogger<RetentionJob> logger) : IJob
{
    public static readonly JobKey Key = new("retention-purge", "supportbot");

    /// <summary>03:17 every day: a quiet hour, off the full hour when other jobs run.</summary>
    public const string Schedule = "0 17 3 * * ?";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await purge.RunAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Each batch commits on its own; tomorrow's run carries on where this one stopped.
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The retention purge failed")]
    private partial void LogFailed(Exception ex);
}
