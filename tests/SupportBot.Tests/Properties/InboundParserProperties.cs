using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using SupportBot.Slack.BlockKit;
using SupportBot.Slack.Inbound;
using SupportBot.Teams.Inbound;
using SupportBot.Teams.Memory;

namespace SupportBot.Tests.Properties;

/// <summary>
/// The platform parsers take any JSON object (junk, wrong types, deep nesting, near-valid edits of real
/// payloads) and answer with an event or with nothing (null, their "not for us"); they never throw.
/// </summary>
public sealed class InboundParserProperties
{
    private static readonly Gen<JsonObject> SlackEventObjects = Gen.OneOf(Junk.JsonObjects(4), Junk.NearValid(Payloads.SlackEvents()));
    private static readonly Gen<JsonObject> TeamsObjects = Gen.OneOf(Junk.JsonObjects(4), Junk.NearValid(Payloads.TeamsActivities()));
    private static readonly Gen<JsonObject> InteractionObjects = Gen.OneOf(Junk.JsonObjects(4), Junk.NearValid(Payloads.SlackInteractions()));

    [Fact]
    public void Any_Slack_event_envelope_is_an_event_or_nothing() =>
        Property.Check(SlackEventObjects, 400, envelope => SlackEvents.Parse(envelope));

    [Fact]
    public void Any_Teams_activity_is_an_event_or_nothing_for_the_engine_and_for_the_team_memory() =>
        Property.Check(TeamsObjects, 400, activity =>
        {
            TeamsActivityParser.Parse(activity);
            TeamEvent.Parse(activity);
            TeamsActivityParser.WithoutBotMention(activity);
        });

    [Fact]
    public void Any_Slack_button_view_state_and_private_metadata_reads_as_an_action_or_nothing() =>
        Property.Check(InteractionObjects, 400, payload =>
        {
            var action = (payload["actions"] as JsonArray)?.FirstOrDefault() as JsonObject;
            SlackCardTranslator.ButtonAction(JsonText(action?["action_id"]) ?? "", JsonText(action?["value"]));
            var view = payload["view"] as JsonObject;
            SlackCardTranslator.ReadState(view?["state"] is JsonObject state ? state["values"] as JsonObject : null);
            SlackCardTranslator.ReadState(payload["state"] is JsonObject own ? own["values"] as JsonObject : null);
            SlackCardTranslator.SubmitAction(JsonText(view?["private_metadata"]));
            SlackCardTranslator.Metadata(JsonText(view?["private_metadata"]));
        });

    [Fact]
    public void Any_text_as_a_button_or_as_private_metadata_reads_as_an_action_or_nothing() =>
        Property.Check(Gen.Zip(Gen.OneOf(Junk.Text, Gen.Elements("case.claim#0", "showcard#1", "#1", "a#", "a#99999999999", "a#-1")), Junk.Text), 400, p =>
        {
            SlackCardTranslator.ButtonAction(p.Item1, p.Item2);
            SlackCardTranslator.SubmitAction(p.Item2);
            SlackCardTranslator.Metadata(p.Item2);
        });

    private static string? JsonText(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
