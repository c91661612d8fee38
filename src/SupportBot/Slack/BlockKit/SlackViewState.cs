using System.Text.Json.Nodes;

namespace SupportBot.Slack.BlockKit;

/// <summary>
/// Reads <c>view.state.values</c> (or a message's <c>state.values</c>), shaped
/// <c>values[block_id][action_id] = {type, …}</c>, into input id → answer. Empty inputs arrive as null
/// or not at all, and are left out (slack-protocol.md §4.3).
/// </summary>
internal static class SlackViewState
{
    public static Dictionary<string, string> Read(JsonObject? values)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, block) in values ?? [])
        {
            foreach (var (actionId, element) in block as JsonObject ?? [])
            {
                if (element is JsonObject state && Value(state) is { } value)
                {
                    answers[actionId] = value;
                }
            }
        }

        return answers;
    }

    private static string? Value(JsonObject state) => CardJson.Text(state, "type") switch
    {
        "plain_text_input" or "email_text_input" or "number_input" or "url_text_input" => CardJson.Text(state, "value"),
        "static_select" or "radio_buttons" or "external_select" => Selected(state["selected_option"]),
        "datepicker" => CardJson.Text(state, "selected_date"),
        "timepicker" => CardJson.Text(state, "selected_time"),
        "users_select" => CardJson.Text(state, "selected_user"),
        "conversations_select" => CardJson.Text(state, "selected_conversation"),
        "channels_select" => CardJson.Text(state, "selected_channel"),
        // Joined by commas, as an Adaptive Card multi-select sends its value.
        "checkboxes" or "multi_static_select" => Joined(state["selected_options"], Selected),
        "multi_users_select" => Joined(state["selected_users"], CardJson.Text),
        _ => null,
    };

    private static string? Selected(JsonNode? option) => option is JsonObject o ? CardJson.Text(o, "value") : null;

    private static string? Joined(JsonNode? items, Func<JsonNode?, string?> read) =>
        items is JsonArray array && array.Select(read).OfType<string>().ToList() is { Count: > 0 } chosen ? string.Join(",", chosen) : null;
}
