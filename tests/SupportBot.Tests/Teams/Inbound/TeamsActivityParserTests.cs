using System.Text.Json.Nodes;
using SupportBot.Core.Channels;
using SupportBot.Teams.Inbound;

namespace SupportBot.Tests.Teams.Inbound;

/// <summary>Teams activities (the reference's examples) as the engine's events.</summary>
public sealed class TeamsActivityParserTests
{
    private const string Service = "https://smba.trafficmanager.net/amer/";

    private static JsonObject Activity(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void A_personal_message_is_a_message_in_a_direct_conversation_with_the_clients_time_zone()
    {
        var e = TeamsActivityParser.Parse(Activity($$"""
            { "type": "message", "id": "1485983408511", "serviceUrl": "{{Service}}", "channelId": "msteams",
              "from": { "id": "29:1XJK", "name": "Example Reporter", "aadObjectId": "7faf8ab2" },
              "conversation": { "conversationType": "personal", "tenantId": "72f988bf", "id": "a:17I0kl9" },
              "recipient": { "id": "28:app", "name": "SupportBot" }, "text": "status SUP-000042",
              "entities": [ { "type": "clientInfo", "locale": "en-US", "timezone": "America/Los_Angeles" } ] }
            """));

        var message = Assert.IsType<MessageReceived>(e);
        Assert.Equal("teams:a:17I0kl9:1485983408511", message.EventId);
        Assert.Equal("status SUP-000042", message.Text);
        Assert.True(message.Conversation.IsDirect);
        Assert.Equal(Service, message.Conversation.Address);
        Assert.Equal("America/Los_Angeles", message.From.TimeZone);
    }

    [Theory]
    [InlineData("{ \"id\": \"emulator-chat\" }", true)]
    [InlineData("{ \"id\": \"emulator-group\", \"isGroup\": true }", false)]
    public void A_conversation_without_a_type_as_the_Emulator_sends_it_is_direct_unless_it_is_a_group(string conversation, bool direct)
    {
        var e = TeamsActivityParser.Parse(Activity($$"""
            { "type": "message", "id": "e1", "serviceUrl": "http://localhost:5000/", "channelId": "emulator",
              "from": { "id": "user", "name": "Emulator User" }, "conversation": {{conversation}},
              "recipient": { "id": "bot" }, "text": "help" }
            """));

        Assert.Equal(direct, Assert.IsType<MessageReceived>(e).Conversation.IsDirect);
    }

    [Fact]
    public void A_channel_mention_loses_the_bots_mention_in_any_case_and_belongs_to_the_channel_not_the_thread()
    {
        var e = TeamsActivityParser.Parse(Activity($$"""
            { "type": "message", "id": "1575667808184", "channelId": "msteams", "serviceUrl": "{{Service}}",
              "from": { "id": "29:9e52", "name": "Example Agent" },
              "conversation": { "isGroup": true, "conversationType": "channel", "id": "19:triage@thread.tacv2;messageid=1575667808184" },
              "recipient": { "id": "28:app", "name": "SupportBot" },
              "text": "<AT>SupportBot</AT>&nbsp;queue <at>Someone Else</at>",
              "entities": [ { "type": "mention", "text": "<at>SupportBot</at>", "mentioned": { "id": "28:app", "name": "SupportBot" } },
                            { "type": "mention", "text": "<at>Someone Else</at>", "mentioned": { "id": "29:other", "name": "Someone Else" } } ] }
            """));

        var message = Assert.IsType<MessageReceived>(e);
        Assert.Equal("queue <at>Someone Else</at>", message.Text);
        Assert.Equal("19:triage@thread.tacv2", message.Conversation.Id);
        Assert.False(message.Conversation.IsDirect);
    }

    [Fact]
    public void An_Action_Execute_invoke_is_the_cards_verb_and_data_on_the_message_it_came_from()
    {
        var e = TeamsActivityParser.Parse(Activity($$"""
            { "type": "invoke", "name": "adaptiveCard/action", "id": "f:1", "channelId": "msteams", "serviceUrl": "{{Service}}",
              "from": { "id": "29:agent", "name": "Example Agent" },
              "conversation": { "conversationType": "channel", "id": "19:triage@thread.tacv2;messageid=1700000000000" },
              "recipient": { "id": "28:app" }, "replyToId": "1700000000000",
              "value": { "action": { "type": "Action.Execute", "verb": "case.claim", "data": { "case": "c-1", "note": "on it" } }, "trigger": "manual" } }
            """));

        var click = Assert.IsType<CardActionInvoked>(e);
        Assert.Equal("case.claim", click.Verb);
        Assert.Equal("c-1", click.Data["case"]);
        Assert.Equal("on it", click.Data["note"]);
        Assert.Equal(new MessageRef(ChannelKind.Teams, "19:triage@thread.tacv2;messageid=1700000000000", "1700000000000", Service), click.SourceMessage);
    }

    [Fact]
    public void An_Action_Submit_arrives_as_a_message_whose_value_carries_the_verb()
    {
        var e = TeamsActivityParser.Parse(Activity($$"""
            { "type": "message", "id": "2", "channelId": "msteams", "serviceUrl": "{{Service}}",
              "from": { "id": "29:agent" }, "conversation": { "conversationType": "personal", "id": "a:1" },
              "recipient": { "id": "28:app" }, "replyToId": "9", "value": { "verb": "reporter.reply", "case": "c-1", "reply": "yes" } }
            """));

        var click = Assert.IsType<CardActionInvoked>(e);
        Assert.Equal("reporter.reply", click.Verb);
        Assert.Equal(["case", "reply"], click.Data.Keys.Order());
    }

    [Fact]
    public void The_bot_added_to_a_team_or_installed_is_a_members_added_event_for_the_bot()
    {
        var added = TeamsActivityParser.Parse(Activity($$"""
            { "type": "conversationUpdate", "id": "3", "channelId": "msteams", "serviceUrl": "{{Service}}",
              "from": { "id": "29:admin" }, "recipient": { "id": "28:app" }, "membersAdded": [ { "id": "28:app" } ],
              "conversation": { "isGroup": true, "conversationType": "channel", "id": "19:team@thread.skype" } }
            """));
        var installed = TeamsActivityParser.Parse(Activity($$"""
            { "type": "installationUpdate", "action": "add", "id": "4", "channelId": "msteams", "serviceUrl": "{{Service}}",
              "from": { "id": "29:admin" }, "recipient": { "id": "28:app" },
              "conversation": { "conversationType": "channel", "id": "19:team@thread.skype" } }
            """));

        Assert.True(Assert.IsType<MembersAdded>(added).BotAdded);
        Assert.True(Assert.IsType<MembersAdded>(installed).BotAdded);
    }

    [Theory]
    [InlineData("""{ "type": "messageReaction", "id": "5", "serviceUrl": "https://x/", "from": { "id": "29:a" }, "conversation": { "id": "a:1" } }""")]
    [InlineData("""{ "type": "invoke", "name": "task/fetch", "id": "6", "serviceUrl": "https://x/", "from": { "id": "29:a" }, "conversation": { "id": "a:1" } }""")]
    [InlineData("""{ "type": "message", "id": "7", "serviceUrl": "https://x/", "from": { "id": "29:a" }, "conversation": { "id": "a:1" }, "text": "   " }""")]
    [InlineData("""{ "type": "message", "serviceUrl": "https://x/", "from": { "id": "29:a" }, "conversation": { "id": "a:1" }, "text": "no id" }""")]
    public void Unknown_activities_empty_messages_and_activities_without_ids_are_nothing(string json)
    {
        Assert.Null(TeamsActivityParser.Parse(Activity(json)));
    }
}
