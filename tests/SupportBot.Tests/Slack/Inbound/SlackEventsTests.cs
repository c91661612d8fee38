using System.Text.Json.Nodes;
using SupportBot.Core.Channels;
using SupportBot.Slack.Inbound;

namespace SupportBot.Tests.Slack.Inbound;

/// <summary>Events API envelopes as the engine's events; noise is nothing.</summary>
public sealed class SlackEventsTests
{
    private static JsonObject Envelope(string eventJson) => JsonNode.Parse($$"""
        {"type":"event_callback","team_id":"T0001","api_app_id":"A0APP","event_id":"Ev0ABC123","event_time":1767225600,
         "authorizations":[{"team_id":"T0001","user_id":"U0BOT","is_bot":true}],
         "event": {{eventJson}} }
        """)!.AsObject();

    [Fact]
    public void A_direct_message_is_a_message_in_that_conversation_keyed_by_the_event_id()
    {
        var e = SlackEvents.Parse(Envelope("""{"type":"message","channel_type":"im","user":"U0002","text":" printer on fire ","channel":"D0DM","ts":"1.2"}"""));

        var message = Assert.IsType<MessageReceived>(e);
        Assert.Equal("slack:Ev0ABC123", message.EventId);
        Assert.Equal("printer on fire", message.Text);
        Assert.Equal(new ConversationRef(ChannelKind.Slack, "D0DM", true), message.Conversation);
        Assert.Equal("slack:U0002", message.From.Key);
    }

    [Fact]
    public void A_mention_in_a_channel_loses_the_bots_mention_but_keeps_other_peoples()
    {
        var e = SlackEvents.Parse(Envelope("""{"type":"app_mention","user":"U0002","text":"<@U0BOT> status SUP-000001 ask <@U0003>","channel":"C0HELP","ts":"1.2"}"""));

        var message = Assert.IsType<MessageReceived>(e);
        Assert.Equal("status SUP-000001 ask <@U0003>", message.Text);
        Assert.False(message.Conversation.IsDirect);
    }

    [Theory]
    [InlineData("""{"type":"message","channel_type":"im","user":"U0BOT","text":"my own echo","channel":"D0DM"}""")]
    [InlineData("""{"type":"message","channel_type":"im","user":"U0009","bot_id":"B0OTHER","text":"another bot","channel":"D0DM"}""")]
    [InlineData("""{"type":"message","channel_type":"im","user":"U0002","subtype":"message_changed","text":"edited","channel":"D0DM"}""")]
    [InlineData("""{"type":"message","channel_type":"channel","user":"U0002","text":"chatter","channel":"C0GEN"}""")]
    [InlineData("""{"type":"reaction_added","user":"U0002","channel":"C0GEN"}""")]
    [InlineData("""{"type":"app_home_opened","user":"U0002","channel":"D0DM","tab":"messages"}""")]
    public void The_bots_own_and_other_bots_messages_edits_channel_chatter_and_unknown_events_are_nothing(string eventJson)
    {
        Assert.Null(SlackEvents.Parse(Envelope(eventJson)));
    }

    [Fact]
    public void Opening_the_App_Home_asks_for_the_persons_own_queue()
    {
        var e = SlackEvents.Parse(Envelope("""{"type":"app_home_opened","user":"U0002","channel":"D0DM","tab":"home"}"""));

        var command = Assert.IsType<CommandInvoked>(e);
        Assert.Equal("queue", command.Verb);
    }
}
