using Microsoft.Extensions.Options;
using Quartz;
using SupportBot.Core;
using SupportBot.Storage;

namespace SupportBot.Scheduling;

/// <summary>Hourly: forget inbound event ids older than the dedup window (platform retries are long over by then).</summary>
[DisallowConcurrentExecution]
public sealed partial class HousekeepingJob(IStepStore store, TimeProvider time, IOptions<StorageOptions> options, ILogger<HousekeepingJob> logger) : IJob
{
    public static readonly JobKey Key = new("housekeeping", "supportbot");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var before = time.GetCurrentInstant() - NodaTime.Duration.FromTimeSpan(options.Value.DedupWindow);
        var forgotten = await store.ForgetInboundBeforeAsync(before, cancellationToken);
        LogForgotten(forgotten);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Forgot {Count} inbound event ids past the dedup window")]
    private partial void LogForgotten(int count);
}
