using Dapper;
using NodaTime;
using SupportBot.Storage;
using SupportBot.Teams.Connector;

namespace SupportBot.Teams.Memory;

/// <summary>A team the bot is or was in.</summary>
public sealed record KnownTeam(string TeamId, string? Name, string? AadGroupId, string ServiceUrl, string? TenantId, bool Removed);

/// <summary>A Teams channel created through Graph for a bridge: the Graph team it is in, and whether its closing note went out.</summary>
public sealed record BridgeChannel(string ChannelId, string GraphTeamId, bool Closed);

/// <summary>
/// The <c>teams_teams</c> and <c>teams_channels</c> tables. Every write is one statement (an upsert),
/// so two activities about the same team arriving together, on one instance or two, cannot both see
/// it as new. An upsert names the stored row by its table (<c>teams_teams.name</c>): PostgreSQL
/// finds a bare column name ambiguous beside <c>excluded</c>.
/// </summary>
public sealed class TeamMemoryStore(IDatabase database)
{
    private const string TeamColumns =
        "t.team_id AS TeamId, t.name AS Name, t.aad_group_id AS AadGroupId, t.service_url AS ServiceUrl, t.tenant_id AS TenantId, t.removed_at AS RemovedAt";

    /// <summary>
    /// The bot is in the team: remembered, or brought back after a removal. Returns the installation's
    /// stamp, the same for every activity about one installation and new after a removal.
    /// </summary>
    public long Installed(TeamEvent e, Instant now)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var connection = database.Open();
        return connection.ExecuteScalar<long>(
            """
            INSERT INTO teams_teams (team_id, name, aad_group_id, service_url, tenant_id, installed_at, removed_at, updated_at)
            VALUES (@TeamId, @TeamName, @AadGroupId, @ServiceUrl, @TenantId, @now, NULL, @now)
            ON CONFLICT (team_id) DO UPDATE SET
                name = coalesce(excluded.name, teams_teams.name), aad_group_id = coalesce(excluded.aad_group_id, teams_teams.aad_group_id),
                service_url = excluded.service_url, tenant_id = coalesce(excluded.tenant_id, teams_teams.tenant_id),
                installed_at = CASE WHEN teams_teams.removed_at IS NULL THEN teams_teams.installed_at ELSE excluded.installed_at END,
                removed_at = NULL, updated_at = excluded.updated_at
            RETURNING installed_at
            """,
            new { e.TeamId, e.TeamName, e.AadGroupId, e.ServiceUrl, e.TenantId, now = now.ToUnixTimeMilliseconds() });
    }

    /// <summary>A team seen in passing (a message in one of its channels): remembered if new, its service URL kept current.</summary>
    public void Seen(TeamEvent e, Instant now)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var connection = database.Open();
        var known = connection.QuerySingleOrDefault<string?>("SELECT service_url FROM teams_teams WHERE team_id = @TeamId", e);
        if (known != e.ServiceUrl)
        {
            connection.Execute(
                """
                INSERT INTO teams_teams (team_id, name, aad_group_id, service_url, tenant_id, installed_at, removed_at, updated_at)
                VALUES (@TeamId, @TeamName, @AadGroupId, @ServiceUrl, @TenantId, @now, NULL, @now)
                ON CONFLICT (team_id) DO UPDATE SET service_url = excluded.service_url, updated_at = excluded.updated_at
                """,
                new { e.TeamId, e.TeamName, e.AadGroupId, e.ServiceUrl, e.TenantId, now = now.ToUnixTimeMilliseconds() });
        }
        if (e.ChannelId is { } channel && connection.ExecuteScalar<long>("SELECT count(*) FROM teams_channels WHERE channel_id = @channel", new { channel }) == 0)
        {
            SaveChannel(e.TeamId, channel, e.ChannelName, now);
        }
    }

    public void Removed(string teamId, Instant now)
    {
        using var connection = database.Open();
        connection.Execute("UPDATE teams_teams SET removed_at = @now, updated_at = @now WHERE team_id = @teamId AND removed_at IS NULL",
            new { teamId, now = now.ToUnixTimeMilliseconds() });
    }

    /// <summary>The team's name and group id as the Connector or an activity tells them; what is not given stays.</summary>
    public void Describe(string teamId, string? name, string? aadGroupId, Instant now)
    {
        using var connection = database.Open();
        connection.Execute(
            "UPDATE teams_teams SET name = coalesce(@name, name), aad_group_id = coalesce(@aadGroupId, aad_group_id), updated_at = @now WHERE team_id = @teamId",
            new { teamId, name, aadGroupId, now = now.ToUnixTimeMilliseconds() });
    }

    /// <summary>A channel created, renamed or restored (or listed by the Connector); a bridge stays marked as one.</summary>
    public void SaveChannel(string teamId, string channelId, string? name, Instant now)
    {
        using var connection = database.Open();
        connection.Execute(
            """
            INSERT INTO teams_channels (channel_id, team_id, name, updated_at) VALUES (@channelId, @teamId, @name, @now)
            ON CONFLICT (channel_id) DO UPDATE SET team_id = excluded.team_id, name = coalesce(excluded.name, teams_channels.name),
                deleted_at = NULL, updated_at = excluded.updated_at
            """,
            new { teamId, channelId, name, now = now.ToUnixTimeMilliseconds() });
    }

    public void SaveChannels(string teamId, IEnumerable<TeamsTeamChannel> channels, Instant now)
    {
        ArgumentNullException.ThrowIfNull(channels);
        foreach (var channel in channels)
        {
            SaveChannel(teamId, channel.Id, channel.Name, now);
        }
    }

    public void ChannelDeleted(string channelId, Instant now)
    {
        using var connection = database.Open();
        connection.Execute("UPDATE teams_channels SET deleted_at = @now, updated_at = @now WHERE channel_id = @channelId",
            new { channelId, now = now.ToUnixTimeMilliseconds() });
    }

    public KnownTeam? Team(string teamId)
    {
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<TeamRow>($"SELECT {TeamColumns} FROM teams_teams t WHERE t.team_id = @teamId", new { teamId })?.ToTeam();
    }

    /// <summary>The team a channel belongs to; General's id is the team's own.</summary>
    public KnownTeam? TeamOf(string channelId)
    {
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<TeamRow>(
            $"SELECT {TeamColumns} FROM teams_teams t WHERE t.team_id = @channelId OR t.team_id = " +
            "(SELECT team_id FROM teams_channels WHERE channel_id = @channelId) LIMIT 1",
            new { channelId })?.ToTeam();
    }

    public KnownTeam? TeamByGroup(string aadGroupId)
    {
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<TeamRow>(
            $"SELECT {TeamColumns} FROM teams_teams t WHERE t.aad_group_id = @aadGroupId ORDER BY t.removed_at IS NOT NULL LIMIT 1", new { aadGroupId })?.ToTeam();
    }

    public IReadOnlyList<(string Id, string? Name)> Channels(string teamId)
    {
        using var connection = database.Open();
        return [.. connection.Query<(string, string?)>(
            "SELECT channel_id, name FROM teams_channels WHERE team_id = @teamId AND deleted_at IS NULL ORDER BY channel_id", new { teamId })];
    }

    /// <summary>A bridge channel just created through Graph, kept so a retry finds it instead of creating another.</summary>
    public void SaveBridge(string teamId, string graphTeamId, string channelId, string displayName, string bridgeName, Instant now)
    {
        using var connection = database.Open();
        connection.Execute(
            """
            INSERT INTO teams_channels (channel_id, team_id, name, graph_team_id, bridge_name, updated_at)
            VALUES (@channelId, @teamId, @displayName, @graphTeamId, @bridgeName, @now)
            ON CONFLICT (channel_id) DO UPDATE SET graph_team_id = excluded.graph_team_id, bridge_name = excluded.bridge_name,
                name = excluded.name, updated_at = excluded.updated_at
            """,
            new { teamId, graphTeamId, channelId, displayName, bridgeName, now = now.ToUnixTimeMilliseconds() });
    }

    /// <summary>The channel created through Graph for this bridge, when one was created already.</summary>
    public string? FindBridge(string graphTeamId, string bridgeName)
    {
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<string?>(
            "SELECT channel_id FROM teams_channels WHERE graph_team_id = @graphTeamId AND bridge_name = @bridgeName AND deleted_at IS NULL LIMIT 1",
            new { graphTeamId, bridgeName });
    }

    public BridgeChannel? Bridge(string channelId)
    {
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<BridgeRow>(
            "SELECT channel_id AS ChannelId, graph_team_id AS GraphTeamId, closed_at AS ClosedAt FROM teams_channels " +
            "WHERE channel_id = @channelId AND graph_team_id IS NOT NULL", new { channelId }) is { } row
            ? new BridgeChannel(row.ChannelId, row.GraphTeamId, row.ClosedAt is not null)
            : null;
    }

    public void BridgeClosed(string channelId, Instant now)
    {
        using var connection = database.Open();
        connection.Execute("UPDATE teams_channels SET closed_at = @now, updated_at = @now WHERE channel_id = @channelId",
            new { channelId, now = now.ToUnixTimeMilliseconds() });
    }

    private sealed record TeamRow(string TeamId, string? Name, string? AadGroupId, string ServiceUrl, string? TenantId, long? RemovedAt)
    {
        public KnownTeam ToTeam() => new(TeamId, Name, AadGroupId, ServiceUrl, TenantId, RemovedAt is not null);
    }

    private sealed record BridgeRow(string ChannelId, string GraphTeamId, long? ClosedAt);
}
