using System.Text.Json.Nodes;

namespace SupportBot.Tests.Slack.Fakes;

/// <summary>chat.postMessage, chat.update, chat.postEphemeral and pins.add, with Slack's rules.</summary>
public sealed partial class FakeSlack
{
    public const int MaxBlocksPerMessage = 50;
    public const int MaxSectionText = 3000;
    public const int MaxHeaderText = 150;

    private readonly List<FakeEphemeral> ephemerals = [];

    public IReadOnlyList<FakeEphemeral> Ephemerals()
    {
        lock (gate)
        {
            return [.. ephemerals];
        }
    }

    private JsonObject PostMessage(JsonObject args)
    {
        var (channel, error) = Postable(Text(args, "channel"));
        if (channel is null)
        {
            return Error(error!);
        }
        var (text, blocks, invalid) = Content(args);
        if (invalid is not null)
        {
            return invalid;
        }
        if (text is null && blocks is null)
        {
            return Error("no_text");
        }
        var message = new MessageState(channel.Id, NextTs(), BotUserId) { Text = text, Blocks = blocks, Metadata = Structured(args, "metadata") as JsonObject };
        channel.Messages.Add(message);
        Wrote("chat.postMessage", message);
        return Ok(new JsonObject { ["channel"] = channel.Id, ["ts"] = message.Ts, ["message"] = message.ToJson(BotId) });
    }

    private JsonObject UpdateMessage(JsonObject args)
    {
        if (Text(args, "channel") is not { } id || !channels.TryGetValue(id, out var channel) || !Visible(channel))
        {
            return Error("channel_not_found");
        }
        var message = channel.Messages.FirstOrDefault(m => m.Ts == Text(args, "ts"));
        if (message is null)
        {
            return Error("message_not_found");
        }
        if (channel.Archived)
        {
            return Error("is_inactive");
        }
        if (message.User != BotUserId)
        {
            return Error("cant_update_message");
        }
        var (text, blocks, invalid) = Content(args);
        if (invalid is not null)
        {
            return invalid;
        }
        if (text is null && blocks is null)
        {
            return Error("no_text");
        }
        // Omitted blocks keep the old ones; an empty array removes them (Slack's documented behaviour).
        message.Text = text ?? message.Text;
        if (args.ContainsKey("blocks"))
        {
            message.Blocks = blocks;
        }
        message.Edited = true;
        Wrote("chat.update", message);
        return Ok(new JsonObject { ["channel"] = channel.Id, ["ts"] = message.Ts, ["text"] = message.Text ?? "", ["message"] = message.ToJson(BotId) });
    }

    private JsonObject PostEphemeral(JsonObject args)
    {
        var (channel, error) = Postable(Text(args, "channel"));
        if (channel is null)
        {
            return Error(error!);
        }
        if (Text(args, "user") is not { } user || !users.ContainsKey(user))
        {
            return Error("user_not_found");
        }
        if (!channel.Members.Contains(user))
        {
            return Error("user_not_in_channel");
        }
        var (text, blocks, invalid) = Content(args);
        if (invalid is not null)
        {
            return invalid;
        }
        if (text is null && blocks is null)
        {
            return Error("no_text");
        }
        var ts = NextTs();
        ephemerals.Add(new FakeEphemeral(channel.Id, user, ts, text, blocks));
        return Ok(new JsonObject { ["message_ts"] = ts });
    }

    private JsonObject AddPin(JsonObject args)
    {
        if (Text(args, "channel") is not { } id || !channels.TryGetValue(id, out var channel) || !Visible(channel))
        {
            return Error("channel_not_found");
        }
        if (Text(args, "timestamp") is not { } ts)
        {
            return Error("no_item_specified");
        }
        if (channel.Archived)
        {
            return Error("is_archived");
        }
        if (!channel.Members.Contains(BotUserId))
        {
            return Error("not_in_channel");
        }
        if (channel.Messages.All(m => m.Ts != ts))
        {
            return Error("message_not_found");
        }
        return channel.Pins.Add(ts) ? Ok() : Error("already_pinned");
    }

    /// <summary>
    /// Where the bot may post: a channel it can see (private ones only as a member), not archived,
    /// and one it is in unless public channels are open to it. A user id posts to the bot's DM.
    /// </summary>
    private (ChannelState? Channel, string? Error) Postable(string? id)
    {
        if (id is not null && users.ContainsKey(id) && id != BotUserId)
        {
            return (DirectWith(id), null);
        }
        if (id is null || !channels.TryGetValue(id, out var channel) || !Visible(channel))
        {
            return (null, "channel_not_found");
        }
        if (channel.Archived)
        {
            return (null, "is_archived");
        }
        if (!channel.Members.Contains(BotUserId) && !(ChatWritePublic && !channel.IsPrivate))
        {
            return (null, "not_in_channel");
        }
        return (channel, null);
    }

    /// <summary>Private channels and DMs do not exist for a bot that is not in them.</summary>
    private static bool Visible(ChannelState channel) => !(channel.IsPrivate || channel.IsDirect) || channel.Members.Contains(BotUserId);

    private static (string? Text, JsonArray? Blocks, JsonObject? Invalid) Content(JsonObject args)
    {
        var text = Text(args, "text");
        var node = Structured(args, "blocks");
        if (node is null)
        {
            return (text, null, null);
        }
        if (node is not JsonArray blocks)
        {
            return (text, null, Error("invalid_blocks_format"));
        }
        if (blocks.Count > MaxBlocksPerMessage)
        {
            return (text, null, Error("invalid_blocks", $"[ERROR] no more than {MaxBlocksPerMessage} items allowed [json-pointer:/blocks]"));
        }
        for (var i = 0; i < blocks.Count; i++)
        {
            if (BlockProblem(blocks[i]) is { } problem)
            {
                return (text, null, Error("invalid_blocks", $"[ERROR] {problem} [json-pointer:/blocks/{i}]"));
            }
        }
        return (text, blocks.Count == 0 && text is null ? null : blocks, null);
    }

    /// <summary>A few of Block Kit's rules: enough to catch a translator that overflows a limit.</summary>
    private static string? BlockProblem(JsonNode? block)
    {
        if (block is not JsonObject o || o["type"] is not JsonValue type || !type.TryGetValue<string>(out var kind))
        {
            return "missing required field: type";
        }
        var text = o["text"]?["text"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
        return kind switch
        {
            "section" when text is not null && (text.Length == 0 || text.Length > MaxSectionText) => $"must be between 1 and {MaxSectionText} characters",
            "section" when text is null && o["fields"] is null => "must provide text or fields",
            "header" when text is null || text.Length > MaxHeaderText => $"must be between 1 and {MaxHeaderText} characters",
            "header" when o["text"]?["type"]?.GetValue<string>() != "plain_text" => "header text must be plain_text",
            _ => null,
        };
    }
}
