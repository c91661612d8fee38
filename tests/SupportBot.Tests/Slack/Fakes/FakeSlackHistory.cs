using System.Globalization;
using System.Text.Json.Nodes;

namespace SupportBot.Tests.Slack.Fakes;

/// <summary>conversations.history, with Slack's paging and its metadata switch.</summary>
public sealed partial class FakeSlack
{
    /// <summary>
    /// Newest first, after <c>oldest</c>; <c>limit</c> a page and the next page's offset as the cursor. A
    /// message's metadata comes only with <c>include_all_metadata</c>.
    /// </summary>
    private JsonObject History(JsonObject args)
    {
        if (Text(args, "channel") is not { } id || !channels.TryGetValue(id, out var channel) || !Visible(channel))
        {
            return Error("channel_not_found");
        }
        if (!channel.Members.Contains(BotUserId))
        {
            return Error("not_in_channel");
        }
        var oldest = Number(args, "oldest") is { } o ? decimal.Parse(o, CultureInfo.InvariantCulture) : 0m;
        var limit = Number(args, "limit") is { } l ? Math.Clamp(int.Parse(l, CultureInfo.InvariantCulture), 1, 999) : 100;
        var offset = Text(args, "cursor") is { } cursor ? int.Parse(cursor, CultureInfo.InvariantCulture) : 0;
        var newestFirst = channel.Messages.Where(m => decimal.Parse(m.Ts, CultureInfo.InvariantCulture) > oldest).Reverse().ToList();
        var page = newestFirst.Skip(offset).Take(limit).Select(m => (JsonNode)m.ToJson(BotId, Flag(args, "include_all_metadata")));
        var more = offset + limit < newestFirst.Count;
        return Ok(new JsonObject
        {
            ["messages"] = new JsonArray([.. page]),
            ["has_more"] = more,
            ["response_metadata"] = new JsonObject { ["next_cursor"] = more ? (offset + limit).ToString(CultureInfo.InvariantCulture) : "" },
        });
    }

    /// <summary>A numeric argument as text, from a form (a string) or JSON (a number).</summary>
    private static string? Number(JsonObject args, string name) => args[name] is JsonValue v ? (Text(args, name) ?? v.ToJsonString()) : null;
}
