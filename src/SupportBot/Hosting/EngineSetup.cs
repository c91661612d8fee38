using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.Policy;
using SupportBot.Local;
using SupportBot.Outbox;
using SupportBot.Storage;

namespace SupportBot.Hosting;

public static class EngineSetup
{
    /// <summary>The engine for the loaded policy, with the desk's channels from configuration and from chat.</summary>
    public static WebApplicationBuilder AddEngine(this WebApplicationBuilder builder, SupportPolicy policy)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(policy);
        var local = builder.Configuration.GetSection(LocalOptions.Section).Get<LocalOptions>() ?? new LocalOptions();
        var slack = builder.Configuration.GetSection(Slack.SlackOptions.Section).Get<Slack.SlackOptions>() ?? new Slack.SlackOptions();
        var teams = builder.Configuration.GetSection(Teams.TeamsOptions.Section).Get<Teams.TeamsOptions>() ?? new Teams.TeamsOptions();
        var configured = DeskFor(local, slack, teams);
        // Configuration overlaid by the channels registered from chat (set triage …), read on every step.
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<StoredDeskSource>(sp, configured));
        builder.Services.AddSingleton<IDeskSource>(sp => sp.GetRequiredService<StoredDeskSource>());
        var intake = (builder.Configuration.GetSection(IntakeOptions.Section).Get<IntakeOptions>() ?? new IntakeOptions()).ToLimit();
        builder.Services.AddSingleton(sp => new ConversationEngine(policy, sp.GetRequiredService<IDeskSource>(), intake));
        builder.Services.AddSingleton<WorkflowMetrics>();
        builder.Services.AddSingleton<CaseWorkflow>();
        // Dead letters are announced in the triage channel of the moment when there is one (DESIGN §2).
        builder.Services.AddSingleton<IDeadLetterNotifier, DeskDeadLetterNotifier>();
        return builder;
    }

    /// <summary>
    /// The desk's channels as configured: Slack's when it names them, else Teams', else the local
    /// workspace's. Pages reach people on every platform that is switched on. Channels registered from
    /// chat replace these (<see cref="StoredDeskSource"/>).
    /// </summary>
    public static Desk DeskFor(LocalOptions local, Slack.SlackOptions slack, Teams.TeamsOptions teams)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(slack);
        ArgumentNullException.ThrowIfNull(teams);
        var platforms = new List<ChannelKind>();
        if (slack.Enabled)
        {
            platforms.Add(ChannelKind.Slack);
        }
        if (teams.Enabled)
        {
            platforms.Add(ChannelKind.Teams);
        }
        if (local.Enabled)
        {
            platforms.Add(ChannelKind.Local);
        }
        ConversationRef? SlackChannel(string? id) => slack.Enabled && !string.IsNullOrWhiteSpace(id) ? new ConversationRef(ChannelKind.Slack, id, false) : null;
        ConversationRef? TeamsChannel(string? id) =>
            teams.Enabled && !string.IsNullOrWhiteSpace(id) ? new ConversationRef(ChannelKind.Teams, id, false, teams.ServiceUrl) : null;
        var triage = SlackChannel(slack.TriageChannel) ?? TeamsChannel(teams.TriageChannel) ?? (local.Enabled ? LocalWorkspace.Triage : null);
        var managers = SlackChannel(slack.ManagersChannel) ?? (local.Enabled ? LocalWorkspace.Managers : null);
        // Only Teams starts bridges as threads in a channel; Slack and the local workspace create a channel per bridge.
        return new Desk(triage, managers) { Platforms = platforms, Bridges = TeamsChannel(teams.BridgesChannel) };
    }
}
