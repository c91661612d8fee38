using SupportBot.Hosting;

namespace SupportBot.Scheduling;

/// <summary>Schedules the desk's own timers (follow-the-sun hand-offs) when the app starts; a restart keeps those pending.</summary>
public sealed class DeskTimersStartup(CaseWorkflow workflow) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => workflow.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
