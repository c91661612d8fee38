using System.Text.Json.Nodes;

namespace SupportBot.Teams.Memory;

public enum TeamEventKind { BotAdded, BotRemoved, ChannelSaved, ChannelDeleted, TeamRenamed, Seen }

/// <summary>
/// What an activity from a team says about the team (teams-protocol.md §4.3): the bot added or removed
/// (<c>conversationUpdate</c> membersAdded/membersRemoved naming the bot, <c>installationUpdate</c>,
/// <c>teamDeleted</c>), a channel created, renamed, restored or deleted, the team renamed, or just that
/// the team and channel exist (any other activity in a channel). Null outside a team.
/// </summary>
public sealed record TeamEvent(
    TeamEventKind Kind, string TeamId, string? TeamName, string? AadGroupId, string? ChannelId, string? ChannelName, string ServiceUrl, string? TenantId)
{
    public static TeamEvent? Parse(JsonObject activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var data = activity["channelData"];
        var teamId = JsonText.NonEmpty(data.Get("team").Get("id"));
        var serviceUrl = JsonText.NonEmpty(activity["serviceUrl"]);
        if (teamId is null || serviceUrl is null)
        {
            return null;
        }
        var bot = JsonText.NonEmpty(activity["recipient"].Get("id"));
        var channelId = JsonText.NonEmpty(data.Get("channel").Get("id"));
        var kind = JsonText.NonEmpty(activity["type"]) switch
        {
            "conversationUpdate" when Names(activity["membersAdded"], bot) => TeamEventKind.BotAdded,
            "conversationUpdate" when Names(activity["membersRemoved"], bot) => TeamEventKind.BotRemoved,
            "conversationUpdate" => JsonText.NonEmpty(data.Get("eventType")) switch
            {
                "channelCreated" or "channelRenamed" or "channelRestored" when channelId is not null => TeamEventKind.ChannelSaved,
                "channelDeleted" when channelId is not null => TeamEventKind.ChannelDeleted,
                "teamRenamed" => TeamEventKind.TeamRenamed,
                "teamDeleted" or "teamHardDeleted" => TeamEventKind.BotRemoved,
                _ => TeamEventKind.Seen,
            },
            "installationUpdate" => JsonText.NonEmpty(activity["action"]) switch
            {
                "add" or "add-upgrade" => TeamEventKind.BotAdded,
                "remove" => TeamEventKind.BotRemoved,
                _ => TeamEventKind.Seen,
            },
            _ => TeamEventKind.Seen,
        };
        if (kind == TeamEventKind.Seen && channelId is null && JsonText.NonEmpty(activity["conversation"].Get("conversationType")) == "channel")
        {
            // A message's conversation is its thread: the channel is what comes before ";messageid=".
            var conversation = JsonText.NonEmpty(activity["conversation"].Get("id")) ?? "";
            var cut = conversation.IndexOf(";messageid=", StringComparison.Ordinal);
            channelId = cut > 0 ? conversation[..cut] : conversation.Length > 0 ? conversation : null;
        }
        var tenant = JsonText.NonEmpty(data.Get("tenant").Get("id")) ?? JsonText.NonEmpty(activity["conversation"].Get("tenantId"));
        return new TeamEvent(kind, teamId, JsonText.NonEmpty(data.Get("team").Get("name")), JsonText.NonEmpty(data.Get("team").Get("aadGroupId")),
            channelId, JsonText.NonEmpty(data.Get("channel").Get("name")), serviceUrl, tenant);
    }

    private static bool Names(JsonNode? members, string? bot) =>
        bot is not null && (members as JsonArray ?? []).Any(m => JsonText.NonEmpty(m.Get("id")) == bot);
}
