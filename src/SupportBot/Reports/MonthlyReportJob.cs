using Quartz;

namespace SupportBot.Reports;

/// <summary>Every minute: posts last month's report when it is due. Cheap when it is not (one lookup); never two at once.</summary>
[DisallowConcurrentExecution]
public sealed partial class MonthlyReportJob(MonthlyReportPoster poster, ILogger<MonthlyReportJob> logger) : IJob
{
    public static readonly JobKey Key = new("monthly-report", "supportbot");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await poster.PostIfDueAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next minute tries again; the month's row is written only with its post.
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Posting the monthly SLA report failed")]
    private partial void LogFailed(Exception ex);
}
