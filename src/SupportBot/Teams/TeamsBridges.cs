using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SupportBot.Core;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Outbox;
using SupportBot.Teams.Connector;
using SupportBot.Teams.Graph;
using SupportBot.Teams.Memory;

namespace SupportBot.Teams;

/// <summary>
/// Severity 1 bridges on Teams (teams-protocol.md §7). With Graph on, a standard channel per bridge in the
/// Graph team (<see cref="TeamsGraphOptions.TeamId"/>, or the remembered group id of the team that holds
/// the desk's bridges channel), and the bridge thread started in it; on close, a closing note and the
/// channel archived. Without Graph, or when Graph refuses (permission missing, team unknown), a new thread
/// in the bridges channel (the triage channel when none is set), and the triage channel is told why once
/// per outage. Graph's 429 and 5xx leave as retryable failures, so the outbox tries again.
/// </summary>
public sealed partial class TeamsBridges(
    TeamsConnectorClient connector,
    TeamsGraphClient graph,
    TeamMemory memory,
    TeamMemoryStore teams,
    IDeskSource desk,
    OutboxStore outbox,
    OutboxSignal signal,
    IOptions<TeamsOptions> options,
    TimeProvider time,
    ILogger<TeamsBridges> logger)
{
    private const int NameAttempts = 5;
    private int refusalTold;

    /// <summary>Opens the bridge named <paramref name="name"/> and returns its thread (<c>19:…;messageid=…</c>).</summary>
    public async Task<ConversationRef> OpenAsync(string name, string topic, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(topic);
        var home = Home();
        var serviceUrl = home.Address ?? options.Value.ServiceUrl
            ?? throw new ChannelException(ChannelFailure.Permanent, "Teams: no service URL for the bridges channel and none configured");
        var channelId = home.Id;
        if (options.Value.Graph.IsOn)
        {
            try
            {
                (channelId, serviceUrl) = await GraphChannelAsync(home, serviceUrl, name, topic, ct).ConfigureAwait(false);
                Interlocked.Exchange(ref refusalTold, 0);
            }
            catch (ChannelException ex) when (ex.Kind == ChannelFailure.Permanent)
            {
                LogGraphRefused(ex.Message);
                await TellTriageOnceAsync(ex.Message, ct).ConfigureAwait(false);
            }
        }
        return await StartThreadAsync(serviceUrl, channelId, topic.Length == 0 ? name : $"{name}: {topic}", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A Graph bridge channel gets a closing note (once) and is archived; a refused archive leaves it open
    /// with the note. A bridge thread can only be told it is closed.
    /// </summary>
    public async Task CloseAsync(ConversationRef thread, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(thread);
        var serviceUrl = thread.Address ?? options.Value.ServiceUrl
            ?? throw new ChannelException(ChannelFailure.Permanent, "Teams: no service URL for this bridge and none configured");
        if (teams.Bridge(ChannelOf(thread.Id)) is not { } bridge)
        {
            await connector.SendToConversationAsync(serviceUrl, thread.Id, TeamsActivities.Text("This bridge is closed. Follow-ups go to the case."), ct)
                .ConfigureAwait(false);
            return;
        }
        if (!bridge.Closed)
        {
            await connector.SendToConversationAsync(serviceUrl, thread.Id,
                TeamsActivities.Text("This bridge is closed and its channel is being archived. Follow-ups go to the case."), ct).ConfigureAwait(false);
            teams.BridgeClosed(bridge.ChannelId, time.GetCurrentInstant());
        }
        try
        {
            await graph.ArchiveChannelAsync(bridge.GraphTeamId, bridge.ChannelId, ct).ConfigureAwait(false);
        }
        catch (ChannelException ex) when (ex.Kind == ChannelFailure.Permanent)
        {
            LogArchiveRefused(bridge.ChannelId, ex.Message);
        }
    }

    /// <summary>Where bridges start: the desk's bridges channel on Teams, else its triage channel on Teams.</summary>
    private ConversationRef Home()
    {
        var current = desk.Current;
        return current.Bridges is { Channel: ChannelKind.Teams } bridges ? bridges
            : current.Triage is { Channel: ChannelKind.Teams } triage ? triage
            : throw new ChannelException(ChannelFailure.Permanent, "Teams: no bridges (or triage) channel on Teams to open bridges from; set bridges in one");
    }

    private async Task<(string ChannelId, string ServiceUrl)> GraphChannelAsync(
        ConversationRef home, string serviceUrl, string name, string topic, CancellationToken ct)
    {
        var settings = options.Value.Graph;
        var team = string.IsNullOrWhiteSpace(settings.TeamId) ? teams.TeamOf(home.Id) : teams.TeamByGroup(settings.TeamId);
        var groupId = !string.IsNullOrWhiteSpace(settings.TeamId) ? settings.TeamId
            : team is null ? throw new ChannelException(ChannelFailure.Permanent, "the team of the bridges channel is not known yet: add the bot to that team again")
            : await memory.GroupIdAsync(team, ct).ConfigureAwait(false)
                ?? throw new ChannelException(ChannelFailure.Permanent, $"Teams does not say which group team {team.Name ?? team.TeamId} is");
        var postTo = team?.ServiceUrl ?? serviceUrl;
        if (teams.FindBridge(groupId, name) is { } created)
        {
            return (created, postTo); // Created on an earlier attempt whose thread did not start.
        }
        for (var attempt = 1; attempt <= NameAttempts; attempt++)
        {
            var displayName = GraphChannelName.For(name, attempt);
            if (await graph.CreateChannelAsync(groupId, displayName, topic, ct).ConfigureAwait(false) is { } id)
            {
                teams.SaveBridge(team?.TeamId ?? groupId, groupId, id, displayName, name, time.GetCurrentInstant());
                return (id, postTo);
            }
        }
        throw new ChannelException(ChannelFailure.Permanent, $"Graph create channel: the names {GraphChannelName.For(name)} to {GraphChannelName.For(name, NameAttempts)} are all taken");
    }

    /// <summary>POST v3/conversations with isGroup and channelData.channel.id: a new thread whose first message is the text (§5.3).</summary>
    private async Task<ConversationRef> StartThreadAsync(string serviceUrl, string channelId, string text, CancellationToken ct)
    {
        var channelData = new JsonObject { ["channel"] = new JsonObject { ["id"] = channelId } };
        if (!string.IsNullOrWhiteSpace(options.Value.TenantId))
        {
            channelData["tenant"] = new JsonObject { ["id"] = options.Value.TenantId };
        }
        var created = await connector.CreateConversationAsync(serviceUrl, new JsonObject
        {
            ["isGroup"] = true,
            ["channelData"] = channelData,
            ["activity"] = TeamsActivities.Text(text),
        }, ct).ConfigureAwait(false);
        return new ConversationRef(ChannelKind.Teams, created.Id, IsDirect: false, created.ServiceUrl ?? serviceUrl);
    }

    /// <summary>The first refusal of an outage goes to the triage channel; the next success ends the outage.</summary>
    private async Task TellTriageOnceAsync(string reason, CancellationToken ct)
    {
        if (desk.Current.Triage is not { } triage || Interlocked.Exchange(ref refusalTold, 1) == 1)
        {
            return;
        }
        var text = $"A Severity 1 bridge opened as a thread in the bridges channel, not as a channel of its own: {reason}. " +
            "Grant the app Channel.Create (and ChannelSettings.ReadWrite.All to archive) with admin consent, or switch Graph off.";
        await outbox.EnqueueAsync(new PostMessage(triage, CardData.Notice("Bridge channels", text), null), time.GetUtcNow(), ct).ConfigureAwait(false);
        signal.Wake();
    }

    private static string ChannelOf(string conversationId) =>
        conversationId.IndexOf(";messageid=", StringComparison.Ordinal) is var cut and > 0 ? conversationId[..cut] : conversationId;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph did not create the bridge channel; starting a thread in the bridges channel instead: {Reason}")]
    private partial void LogGraphRefused(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph did not archive bridge channel {Channel}; it stays open with its closing note: {Reason}")]
    private partial void LogArchiveRefused(string channel, string reason);
}
