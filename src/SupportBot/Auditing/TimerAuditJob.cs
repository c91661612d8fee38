using Quartz;

namespace SupportBot.Auditing;

/// <summary>Every minute: the timer auditor. A failed audit is logged and tried again at the next minute.</summary>
[DisallowConcurrentExecution]
public sealed partial class TimerAuditJob(TimerAuditor auditor, ILogger<TimerAuditJob> logger) : IJob
{
    public static readonly JobKey Key = new("timer-audit", "supportbot");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await auditor.AuditAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer audit failed")]
    private partial void LogFailed(Exception ex);
}
