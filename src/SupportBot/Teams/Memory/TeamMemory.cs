using SupportBot.Core;
using SupportBot.Core.Channels;
using SupportBot.Teams.Connector;

namespace SupportBot.Teams.Memory;

/// <summary>
/// Keeps the teams the bot is in, and their channels, current from what Teams tells it (teams-protocol.md
/// §4.3, §5.2): added to a team → the team (its name and Entra group id from the activity or
/// <c>GET v3/teams/{id}</c>) and its channels (<c>GET v3/teams/{id}/conversations</c>); channel and team
/// events → kept up to date; removed → marked so. A failed lookup is logged and tried again when needed.
/// </summary>
public sealed partial class TeamMemory(TeamMemoryStore store, TeamsConnectorClient connector, TimeProvider time, ILogger<TeamMemory> logger)
{
    /// <summary>Records what the event says. For the bot being added, returns the installation's stamp (one greeting per installation).</summary>
    public async Task<long?> ObserveAsync(TeamEvent e, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(e);
        var now = time.GetCurrentInstant();
        switch (e.Kind)
        {
            case TeamEventKind.BotAdded:
                var installed = store.Installed(e, now);
                await RefreshAsync(e.TeamId, e.ServiceUrl, ct).ConfigureAwait(false);
                return installed;
            case TeamEventKind.BotRemoved:
                store.Removed(e.TeamId, now);
                break;
            case TeamEventKind.ChannelSaved:
                store.Seen(e with { ChannelId = null }, now);
                store.SaveChannel(e.TeamId, e.ChannelId!, e.ChannelName, now);
                break;
            case TeamEventKind.ChannelDeleted:
                store.ChannelDeleted(e.ChannelId!, now);
                break;
            case TeamEventKind.TeamRenamed:
                store.Seen(e with { ChannelId = null }, now);
                store.Describe(e.TeamId, e.TeamName, e.AadGroupId, now);
                break;
            default:
                store.Seen(e, now);
                break;
        }
        return null;
    }

    /// <summary>
    /// The Entra group id Graph knows the team by: remembered, or asked of the Connector now (and then
    /// remembered). A Connector failure leaves as the <see cref="ChannelException"/> it is.
    /// </summary>
    public async Task<string?> GroupIdAsync(KnownTeam team, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(team);
        if (team.AadGroupId is { } known)
        {
            return known;
        }
        var details = await connector.GetTeamAsync(team.ServiceUrl, team.TeamId, ct).ConfigureAwait(false);
        store.Describe(team.TeamId, details.Name, details.AadGroupId, time.GetCurrentInstant());
        return details.AadGroupId;
    }

    private async Task RefreshAsync(string teamId, string serviceUrl, CancellationToken ct)
    {
        try
        {
            var details = await connector.GetTeamAsync(serviceUrl, teamId, ct).ConfigureAwait(false);
            store.Describe(teamId, details.Name, details.AadGroupId, time.GetCurrentInstant());
            var channels = await connector.GetTeamChannelsAsync(serviceUrl, teamId, ct).ConfigureAwait(false);
            store.SaveChannels(teamId, channels, time.GetCurrentInstant());
        }
        catch (ChannelException ex)
        {
            // The team is remembered already; its group id is asked for again when a bridge needs it.
            LogRefreshFailed(teamId, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading Teams team {TeamId} from the Connector failed: {Reason}")]
    private partial void LogRefreshFailed(string teamId, string reason);
}
