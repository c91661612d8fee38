using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;
using SupportBot.Storage;

namespace SupportBot.Hosting;

/// <summary><c>/healthz</c>: the process is alive. <c>/readyz</c>: the database answers and the scheduler runs.</summary>
public static class HealthSetup
{
    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseReady>("database", tags: ["ready"])
            .AddCheck<SchedulerReady>("scheduler", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new() { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }

    private sealed class DatabaseReady(IDatabase database) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(database.IsReachable() ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The database does not answer."));
    }

    private sealed class SchedulerReady(ISchedulerFactory schedulers) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            return scheduler.Status == SchedulerStatus.Running
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The scheduler is not running.");
        }
    }
}
