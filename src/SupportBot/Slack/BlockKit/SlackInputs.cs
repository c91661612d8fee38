using System.Globalization;
using System.Text.Json.Nodes;

namespace SupportBot.Slack.BlockKit;

/// <summary>
/// Input.* elements as input blocks. Both <c>block_id</c> and <c>action_id</c> are the input's id, so that
/// <c>view.state.values</c> is keyed by it and <c>response_action: errors</c> can point at it.
/// Initial values and labels are plain_text and reach Slack as typed.
/// See https://docs.slack.dev/reference/block-kit/blocks/input-block.
/// </summary>
internal static class SlackInputs
{
    private const string OptionalSuffix = "(optional)";

    /// <summary>The input block, or null for an input Slack has no element for (see <see cref="Element"/>).</summary>
    public static JsonObject? Block(JsonObject input)
    {
        var id = CardJson.Text(input, "id");
        if (string.IsNullOrEmpty(id) || Element(input) is not { } element)
        {
            return null;
        }

        if (id.Length > BlockKitLimits.ActionId)
        {
            // Input ids are question ids from the policy: a cut id would come back as another question.
            throw new InvalidOperationException(
                $"A card input has the id '{id[..40]}…', which cannot be a Slack block_id or action_id (1 to {BlockKitLimits.ActionId} characters).");
        }

        element["action_id"] = id;
        var optional = !CardJson.Flag(input, "isRequired");
        // Slack refuses a blank label: the label, else the placeholder, else the id, else a dash.
        var label = new[] { CardJson.Text(input, "label"), CardJson.Text(input, "placeholder"), id }.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim() ?? "-";
        if (optional && label.EndsWith(OptionalSuffix, StringComparison.OrdinalIgnoreCase) && label.Length > OptionalSuffix.Length)
        {
            // Slack adds "(optional)" to optional inputs itself.
            label = label[..^OptionalSuffix.Length].TrimEnd();
        }

        return new JsonObject
        {
            ["type"] = "input",
            ["block_id"] = id,
            ["label"] = SlackText.Plain(label, BlockKitLimits.Label),
            ["optional"] = optional,
            ["element"] = element,
        };
    }

    private static JsonObject? Element(JsonObject input) => CardJson.Type(input) switch
    {
        "Input.Text" => Text(input),
        "Input.Number" => Number(input),
        "Input.Date" => Date(input),
        "Input.ChoiceSet" => Choice(input),
        // Input.Time and Input.Toggle are not used by any card in cards/.
        _ => null,
    };

    private static JsonObject Text(JsonObject input)
    {
        var value = CardJson.Text(input, "value");
        if (CardJson.Is(input, "style", "email") || CardJson.Is(input, "style", "url"))
        {
            // Slack checks the format of these itself; they have no multiline or max_length.
            var typed = new JsonObject { ["type"] = CardJson.Is(input, "style", "email") ? "email_text_input" : "url_text_input" };
            return WithPlaceholder(WithValue(typed, "initial_value", value, BlockKitLimits.TextInputLength), input);
        }

        // "tel" has no Slack element; a phone number is plain text.
        var maxLength = int.TryParse(CardJson.Text(input, "maxLength"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) && m > 0
            ? Math.Min(m, BlockKitLimits.TextInputLength)
            : BlockKitLimits.TextInputLength;
        var element = new JsonObject { ["type"] = "plain_text_input", ["multiline"] = CardJson.Flag(input, "isMultiline"), ["max_length"] = maxLength };
        return WithPlaceholder(WithValue(element, "initial_value", value, maxLength), input);
    }

    private static JsonObject Number(JsonObject input)
    {
        var element = new JsonObject { ["type"] = "number_input", ["is_decimal_allowed"] = false };
        WithValue(element, "initial_value", CardJson.Text(input, "value"), 50);
        WithValue(element, "min_value", CardJson.Text(input, "min"), 50);
        WithValue(element, "max_value", CardJson.Text(input, "max"), 50);
        return WithPlaceholder(element, input);
    }

    private static JsonObject Date(JsonObject input)
    {
        var element = new JsonObject { ["type"] = "datepicker" };
        if (DateOnly.TryParseExact(CardJson.Text(input, "value"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            element["initial_date"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return WithPlaceholder(element, input);
    }

    private static JsonObject? Choice(JsonObject input)
    {
        var options = CardJson.Objects(input["choices"]).Select(Option).Take(BlockKitLimits.Options).ToList();
        if (options.Count == 0)
        {
            // Slack rejects a select without options; a question with no answers to pick is left out.
            return null;
        }

        var multi = CardJson.Flag(input, "isMultiSelect");
        var radio = CardJson.Is(input, "style", "expanded") && options.Count <= BlockKitLimits.RadioOptions;
        var type = (multi, radio) switch
        {
            (true, true) => "checkboxes",
            (true, false) => "multi_static_select",
            (false, true) => "radio_buttons",
            (false, false) => "static_select",
        };
        var element = new JsonObject { ["type"] = type };
        if (!radio)
        {
            WithPlaceholder(element, input);
        }

        element["options"] = new JsonArray([.. options]);

        // An Adaptive Card multi-select value is the chosen values joined by commas.
        var value = CardJson.Text(input, "value") ?? "";
        var chosen = multi ? value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [value];
        var initial = options.Where(o => chosen.Contains(o["value"]!.GetValue<string>(), StringComparer.Ordinal)).ToList();
        if (initial.Count > 0)
        {
            element[multi ? "initial_options" : "initial_option"] = multi
                ? new JsonArray([.. initial.Select(o => o.DeepClone())])
                : initial[0].DeepClone();
        }

        return element;
    }

    private static JsonObject Option(JsonObject choice)
    {
        var value = CardJson.Text(choice, "value") ?? "";
        if (value.Length is 0 or > BlockKitLimits.OptionValue)
        {
            // A cut value would come back as a different answer; choice values are ids, so this is a policy bug.
            throw new InvalidOperationException(
                $"The choice value '{value}' cannot be a Slack option value (1 to {BlockKitLimits.OptionValue} characters).");
        }

        // Slack refuses blank text, so a blank title shows the value, and a blank value a dash.
        var title = new[] { CardJson.Text(choice, "title"), value }.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t)) ?? "-";
        return new JsonObject { ["text"] = SlackText.Plain(title, BlockKitLimits.OptionText), ["value"] = value };
    }

    private static JsonObject WithValue(JsonObject element, string name, string? value, int limit)
    {
        if (!string.IsNullOrEmpty(value))
        {
            element[name] = SlackText.Truncate(value, limit);
        }

        return element;
    }

    private static JsonObject WithPlaceholder(JsonObject element, JsonObject input)
    {
        if (CardJson.Text(input, "placeholder") is { } placeholder && !string.IsNullOrWhiteSpace(placeholder))
        {
            element["placeholder"] = SlackText.Plain(placeholder, BlockKitLimits.Placeholder);
        }

        return element;
    }
}
