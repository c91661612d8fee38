using SupportBot.Core.Engine;
using SupportBot.Core.Policy;
using SupportBot.Local;
using SupportBot.Outbox;

namespace SupportBot.Hosting;

public static class EngineSetup
{
    /// <summary>The engine for the loaded policy, with the desk's channels from configuration.</summary>
    public static WebApplicationBuilder AddEngine(this WebApplicationBuilder builder, SupportPolicy policy)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(policy);
        var local = builder.Configuration.GetSection(LocalOptions.Section).Get<LocalOptions>() ?? new LocalOptions();
        builder.Services.AddSingleton(DeskFor(local));
        builder.Services.AddSingleton(sp => new ConversationEngine(policy, sp.GetRequiredService<Desk>()));
        builder.Services.AddSingleton<WorkflowMetrics>();
        builder.Services.AddSingleton<CaseWorkflow>();
        // Dead letters are announced in the triage channel when there is one (DESIGN §2).
        builder.Services.AddSingleton<IDeadLetterNotifier>(sp => sp.GetRequiredService<Desk>().Triage is { } triage
            ? new TriageDeadLetterNotifier(sp.GetRequiredService<OutboxStore>(), sp.GetRequiredService<OutboxSignal>(), sp.GetRequiredService<TimeProvider>(), triage)
            : ActivatorUtilities.CreateInstance<LoggingDeadLetterNotifier>(sp));
        return builder;
    }

    /// <summary>Until Slack or Teams name their channels, the local workspace's channels are the desk's.</summary>
    private static Desk DeskFor(LocalOptions local) =>
        local.Enabled ? new Desk(LocalWorkspace.Triage, LocalWorkspace.Managers) : new Desk(null, null);
}
