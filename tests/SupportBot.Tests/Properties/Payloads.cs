using System.Text.Json.Nodes;

namespace SupportBot.Tests.Properties;

/// <summary>Real payloads (as the existing tests and the protocol notes show them), to mutate.</summary>
internal static class Payloads
{
    public const string Bot = "U0BOT";

    public static JsonObject[] SlackEvents(string team = "T0001") =>
    [
        SlackEvent(team, """{"type":"message","channel_type":"im","user":"U0RITA","text":"printer on fire","channel":"D0RITA","ts":"1.2"}"""),
        SlackEvent(team, """{"type":"app_mention","user":"U0RITA","text":"<@U0BOT> status SUP-000001 ask <@U0003>","channel":"C0HELP","ts":"1.2"}"""),
        SlackEvent(team, """{"type":"app_home_opened","user":"U0RITA","channel":"D0RITA","tab":"home","event_ts":"1.1"}"""),
        Parse("""{"type":"url_verification","token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}"""),
    ];

    public static JsonObject[] SlackInteractions(string team = "T0001") =>
    [
        Parse($$$$$"""
            {"type":"block_actions","team":{"id":"{{{{{team}}}}}"},"user":{"id":"U0AGENT","name":"amy","team_id":"{{{{{team}}}}}"},"api_app_id":"A0APP",
             "container":{"type":"message","message_ts":"1.2","channel_id":"C0TRIAGE","is_ephemeral":false},"trigger_id":"1.2.abc",
             "channel":{"id":"C0TRIAGE"},"state":{"values":{"b":{"note":{"type":"plain_text_input","value":"on it"}}}},
             "actions":[{"type":"button","action_id":"case.claim#0","block_id":"b","value":"{\"case\":\"SUP-000001\"}","action_ts":"1.5"}]}
            """),
        Parse($$$$$"""
            {"type":"block_actions","team":{"id":"{{{{{team}}}}}"},"user":{"id":"U0AGENT","name":"amy","team_id":"{{{{{team}}}}}"},
             "container":{"type":"view","view_id":"V1"},"trigger_id":"1.2.abc",
             "view":{"id":"V1","hash":"h1","private_metadata":"{\"verb\":\"case.resolve\",\"data\":{\"case\":\"SUP-000001\"},\"meta\":{\"channel\":\"C0TRIAGE\",\"ts\":\"1.2\"}}",
                     "state":{"values":{}}},
             "actions":[{"type":"button","action_id":"showcard#0","block_id":"b","value":"{}","action_ts":"1.6"}]}
            """),
        Parse($$$$$"""
            {"type":"view_submission","team":{"id":"{{{{{team}}}}}"},"user":{"id":"U0RITA","name":"rita","team_id":"{{{{{team}}}}}"},"trigger_id":"1.3.def",
             "view":{"id":"V2","hash":"h2","private_metadata":"{\"verb\":\"intake.submit\",\"data\":{},\"meta\":{\"channel\":\"D0RITA\"}}",
                     "blocks":[{"type":"input","block_id":"title","element":{"type":"plain_text_input","action_id":"title"}}],
                     "state":{"values":{"title":{"title":{"type":"plain_text_input","value":"Wifi down"}},
                                        "category":{"category":{"type":"static_select","selected_option":{"value":"outage"}}},
                                        "started":{"started":{"type":"datepicker","selected_date":"2026-11-23"}},
                                        "multi":{"multi":{"type":"checkboxes","selected_options":[{"value":"a"},{"value":"b"}]}}} }}
             }
            """),
    ];

    public static Dictionary<string, string> SlackCommand(string team = "T0001") => new()
    {
        ["token"] = "legacy",
        ["team_id"] = team,
        ["channel_id"] = "D0RITA",
        ["user_id"] = "U0RITA",
        ["user_name"] = "rita",
        ["command"] = "/support",
        ["text"] = "status SUP-000001",
        ["api_app_id"] = "A0APP",
        ["response_url"] = "https://hooks.slack.com/commands/T0001/1/x",
        ["trigger_id"] = "1.4.ghi",
    };

    public static JsonObject[] TeamsActivities(string serviceUrl = "https://smba.trafficmanager.net/amer/") =>
    [
        Parse($$$$$"""
            { "type": "message", "id": "1485983408511", "serviceUrl": "{{{{{serviceUrl}}}}}", "channelId": "msteams",
              "from": { "id": "29:1XJK", "name": "Example Reporter", "aadObjectId": "7faf8ab2" },
              "conversation": { "conversationType": "personal", "tenantId": "72f988bf", "id": "a:17I0kl9" },
              "recipient": { "id": "28:app", "name": "SupportBot" }, "text": "status SUP-000042",
              "entities": [ { "type": "clientInfo", "locale": "en-US", "timezone": "America/Los_Angeles" } ] }
            """),
        Parse($$$$$"""
            { "type": "message", "id": "1575667808184", "channelId": "msteams", "serviceUrl": "{{{{{serviceUrl}}}}}",
              "from": { "id": "29:9e52", "name": "Example Agent" },
              "conversation": { "isGroup": true, "conversationType": "channel", "id": "19:triage@thread.tacv2;messageid=1575667808184" },
              "recipient": { "id": "28:app", "name": "SupportBot" },
              "text": "<at>SupportBot</at>&nbsp;queue <at>Someone Else</at>",
              "entities": [ { "type": "mention", "text": "<at>SupportBot</at>", "mentioned": { "id": "28:app", "name": "SupportBot" } },
                            { "type": "mention", "text": "<at>Someone Else</at>", "mentioned": { "id": "29:other", "name": "Someone Else" } } ],
              "channelData": { "team": { "id": "19:team@thread.tacv2", "name": "Ops" }, "channel": { "id": "19:triage@thread.tacv2" }, "tenant": { "id": "72f988bf" } } }
            """),
        Parse($$$$$"""
            { "type": "invoke", "name": "adaptiveCard/action", "id": "f:1", "channelId": "msteams", "serviceUrl": "{{{{{serviceUrl}}}}}",
              "from": { "id": "29:agent", "name": "Example Agent" },
              "conversation": { "conversationType": "channel", "id": "19:triage@thread.tacv2;messageid=1700000000000" },
              "recipient": { "id": "28:app" }, "replyToId": "1700000000000",
              "value": { "action": { "type": "Action.Execute", "verb": "case.claim", "data": { "case": "c-1", "note": "on it" } }, "trigger": "manual" } }
            """),
        Parse($$$$$"""
            { "type": "message", "id": "m2", "channelId": "msteams", "serviceUrl": "{{{{{serviceUrl}}}}}",
              "from": { "id": "29:agent", "name": "Example Agent" }, "conversation": { "id": "a:chat" }, "recipient": { "id": "28:app" },
              "value": { "verb": "case.ack", "case": "c-1", "msteams": { "x": 1 } } }
            """),
        Parse($$$$$"""
            { "type": "conversationUpdate", "id": "u1", "channelId": "msteams", "serviceUrl": "{{{{{serviceUrl}}}}}",
              "from": { "id": "29:admin" }, "recipient": { "id": "28:app" },
              "conversation": { "isGroup": true, "conversationType": "channel", "id": "19:team@thread.tacv2" },
              "membersAdded": [ { "id": "28:app" }, { "id": "29:new" } ],
              "channelData": { "eventType": "channelCreated", "team": { "id": "19:team@thread.tacv2", "name": "Ops", "aadGroupId": "g" },
                               "channel": { "id": "19:new@thread.tacv2", "name": "new" }, "tenant": { "id": "72f988bf" } } }
            """),
        Parse($$$$$"""
            { "type": "installationUpdate", "action": "add", "id": "i1", "channelId": "msteams", "serviceUrl": "{{{{{serviceUrl}}}}}",
              "from": { "id": "29:admin" }, "recipient": { "id": "28:app" }, "conversation": { "id": "a:chat" } }
            """),
    ];

    public static JsonObject[] LocalEvents() =>
    [
        Parse("""{"id":"e1","user":{"id":"rita","name":"Rita"},"conversation":"dm:rita","text":"the wifi is down"}"""),
        Parse("""{"id":"e2","user":{"id":"rita"},"conversation":"dm:rita","command":"status","arguments":"SUP-000001"}"""),
        Parse("""{"id":"e3","user":{"id":"amy","name":"Amy"},"conversation":"triage","verb":"case.claim","data":{"case":"SUP-000001","note":null},"messageId":"m1"}"""),
    ];

    private static JsonObject SlackEvent(string team, string e) => Parse($$$$$"""
        {"type":"event_callback","team_id":"{{{{{team}}}}}","api_app_id":"A0APP","event_id":"Ev0ABC123","event_time":1767225600,
         "authorizations":[{"team_id":"{{{{{team}}}}}","user_id":"{{{{{Bot}}}}}","is_bot":true}], "event": {{{{{e}}}}} }
        """);

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
