using System.Text.Json.Nodes;
using SupportBot.Teams.Memory;

namespace SupportBot.Tests.Teams.Inbound;

/// <summary>What an activity says about the team it comes from (teams-protocol.md §4.3).</summary>
public sealed class TeamEventTests
{
    private const string Bot = "28:app";

    [Theory]
    [InlineData("""{"type":"installationUpdate","action":"add"}""", TeamEventKind.BotAdded)]
    [InlineData("""{"type":"installationUpdate","action":"add-upgrade"}""", TeamEventKind.BotAdded)]
    [InlineData("""{"type":"installationUpdate","action":"remove"}""", TeamEventKind.BotRemoved)]
    [InlineData("""{"type":"conversationUpdate","membersAdded":[{"id":"29:someone"},{"id":"28:app"}]}""", TeamEventKind.BotAdded)]
    [InlineData("""{"type":"conversationUpdate","membersAdded":[{"id":"29:someone"}]}""", TeamEventKind.Seen)]
    [InlineData("""{"type":"conversationUpdate","membersRemoved":[{"id":"28:app"}]}""", TeamEventKind.BotRemoved)]
    [InlineData("""{"type":"conversationUpdate","channelData":{"eventType":"teamDeleted"}}""", TeamEventKind.BotRemoved)]
    [InlineData("""{"type":"conversationUpdate","channelData":{"eventType":"teamRenamed"}}""", TeamEventKind.TeamRenamed)]
    [InlineData("""{"type":"conversationUpdate","channelData":{"eventType":"channelRestored","channel":{"id":"19:c@thread.tacv2"}}}""", TeamEventKind.ChannelSaved)]
    [InlineData("""{"type":"conversationUpdate","channelData":{"eventType":"channelDeleted","channel":{"id":"19:c@thread.tacv2"}}}""", TeamEventKind.ChannelDeleted)]
    [InlineData("""{"type":"conversationUpdate","channelData":{"eventType":"channelDeleted"}}""", TeamEventKind.Seen)]
    public void Each_team_activity_is_read_as_what_it_says(string json, TeamEventKind kind)
    {
        Assert.Equal(kind, TeamEvent.Parse(InTeam(json))!.Kind);
    }

    [Fact]
    public void A_message_in_a_thread_names_its_channel_its_team_its_tenant_and_its_service_url()
    {
        var e = TeamEvent.Parse(InTeam("""
            {"type":"message","conversation":{"conversationType":"channel","id":"19:ops@thread.tacv2;messageid=17","tenantId":"t-1"}}
            """))!;

        Assert.Equal((TeamEventKind.Seen, "19:team@thread.tacv2", "19:ops@thread.tacv2", "https://smba.trafficmanager.net/emea/", "t-1"),
            (e.Kind, e.TeamId, e.ChannelId, e.ServiceUrl, e.TenantId));
    }

    [Fact]
    public void An_activity_outside_a_team_says_nothing_about_one()
    {
        var personal = JsonNode.Parse("""
            {"type":"installationUpdate","action":"add","serviceUrl":"https://smba.trafficmanager.net/emea/","recipient":{"id":"28:app"},
             "conversation":{"conversationType":"personal","id":"a:1"}}
            """)!.AsObject();

        Assert.Null(TeamEvent.Parse(personal));
    }

    private static JsonObject InTeam(string json)
    {
        var activity = JsonNode.Parse(json)!.AsObject();
        activity["serviceUrl"] = "https://smba.trafficmanager.net/emea/";
        activity["recipient"] = new JsonObject { ["id"] = Bot };
        var data = activity["channelData"] as JsonObject ?? [];
        data["team"] = new JsonObject { ["id"] = "19:team@thread.tacv2" };
        activity["channelData"] = data;
        return activity;
    }
}
