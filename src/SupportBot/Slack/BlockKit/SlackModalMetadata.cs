using System.Text.Json.Nodes;

namespace SupportBot.Slack.BlockKit;

/// <summary>
/// A modal's <c>private_metadata</c>: compact JSON <c>{"verb": …, "data": {…}, "meta": {…}}</c> holding the
/// card action its submit button stands for and the caller's own state. Slack hands it back untouched on
/// <c>view_submission</c>, but it passed through a client, so it is read as untrusted input.
/// </summary>
internal static class SlackModalMetadata
{
    private const string VerbKey = "verb";
    private const string DataKey = "data";
    private const string MetaKey = "meta";

    /// <exception cref="ArgumentException">The result would pass Slack's 3000 characters.</exception>
    public static string Write(JsonObject? submit, JsonObject metadata)
    {
        var json = new JsonObject();
        if (submit is not null)
        {
            json[VerbKey] = CardJson.Text(submit, "verb");
            json[DataKey] = CardJson.Data(submit);
        }

        json[MetaKey] = metadata.DeepClone();
        var text = CardJson.Write(json);
        return text.Length <= BlockKitLimits.PrivateMetadata
            ? text
            : throw new ArgumentException(
                $"The modal's private_metadata would be {text.Length} characters; Slack keeps {BlockKitLimits.PrivateMetadata}. "
                + "Put ids in the metadata and look the rest up on submit.",
                nameof(metadata));
    }

    public static SlackAction? Submit(string? privateMetadata) =>
        CardJson.ReadObject(privateMetadata) is { } json && CardJson.Text(json, VerbKey) is { Length: > 0 } verb
            ? new SlackAction(verb, json[DataKey] is JsonObject data ? (JsonObject)data.DeepClone() : [])
            : null;

    public static JsonObject? Meta(string? privateMetadata) =>
        CardJson.ReadObject(privateMetadata)?[MetaKey] is JsonObject meta ? (JsonObject)meta.DeepClone() : null;
}
