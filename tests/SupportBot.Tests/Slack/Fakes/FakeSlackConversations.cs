using System.Text.Json.Nodes;

namespace SupportBot.Tests.Slack.Fakes;

/// <summary>conversations.open, create, invite, setTopic and archive, with Slack's rules.</summary>
public sealed partial class FakeSlack
{
    public const int MaxChannelName = 80;
    public const int MaxTopic = 250;

    // Slack's current method page says 1–1000 users per call (older scrapes said 100).
    public const int MaxUsersPerInvite = 1000;

    private JsonObject OpenConversation(JsonObject args)
    {
        var ids = (Text(args, "users") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length == 0)
        {
            return Error("users_list_not_supplied");
        }
        if (ids.Length > 1)
        {
            return Error("invalid_arguments", "[ERROR] the fake opens 1:1 DMs only [json-pointer:/users]");
        }
        if (!users.ContainsKey(ids[0]) || ids[0] == BotUserId)
        {
            return Error("user_not_found");
        }
        var existing = channels.Values.FirstOrDefault(c => c.IsDirect && c.Members.Contains(ids[0]));
        var direct = DirectWith(ids[0]);
        var answer = Ok(new JsonObject { ["channel"] = new JsonObject { ["id"] = direct.Id } });
        if (existing is not null)
        {
            answer["no_op"] = true;
            answer["already_open"] = true;
        }
        return answer;
    }

    private ChannelState DirectWith(string userId)
    {
        var direct = channels.Values.FirstOrDefault(c => c.IsDirect && c.Members.Contains(userId));
        if (direct is null)
        {
            direct = new ChannelState(NewId('D'), userId, isPrivate: true, isDirect: true);
            direct.Members.UnionWith([BotUserId, userId]);
            channels[direct.Id] = direct;
        }
        return direct;
    }

    private JsonObject CreateConversation(JsonObject args)
    {
        var name = Text(args, "name");
        if (name is null)
        {
            return Error("invalid_name_required");
        }
        if (name.Any(ch => ch is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_')))
        {
            return Error("invalid_name_specials");
        }
        if (name.All(ch => ch is '-' or '_'))
        {
            return Error("invalid_name_punctuation");
        }
        if (name.Length > MaxChannelName)
        {
            return Error("invalid_name_maxlength");
        }
        // Archived channels keep their names.
        if (channels.Values.Any(c => !c.IsDirect && c.Name == name))
        {
            return Error("name_taken");
        }
        var channel = new ChannelState(NewId('C'), name, Flag(args, "is_private"), isDirect: false);
        channel.Members.Add(BotUserId);
        channels[channel.Id] = channel;
        return Ok(new JsonObject { ["channel"] = ChannelJson(channel) });
    }

    /// <summary>
    /// Without <c>force</c> one bad id fails the call and nobody is invited; with it the valid ids are
    /// invited and the rest listed in <c>errors</c> (the call fails only when nobody could be invited).
    /// </summary>
    private JsonObject Invite(JsonObject args)
    {
        if (Member(args, out var channel) is { } refused)
        {
            return refused;
        }
        var ids = (Text(args, "users") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length == 0)
        {
            return Error("no_user");
        }
        if (ids.Length > MaxUsersPerInvite)
        {
            return Error("invalid_arguments", $"[ERROR] no more than {MaxUsersPerInvite} users [json-pointer:/users]");
        }
        var problems = new List<(string User, string Error)>();
        var valid = new List<string>();
        foreach (var id in ids)
        {
            var problem = id == BotUserId ? "cant_invite_self"
                : !users.ContainsKey(id) ? "user_not_found"
                : channel!.Members.Contains(id) ? "already_in_channel"
                : null;
            if (problem is null)
            {
                valid.Add(id);
            }
            else
            {
                problems.Add((id, problem));
            }
        }
        var force = Flag(args, "force");
        if (problems.Count > 0 && (!force || valid.Count == 0))
        {
            var failed = Error(problems[0].Error);
            failed["errors"] = Errors(problems);
            return failed;
        }
        channel!.Members.UnionWith(valid);
        var answer = Ok(new JsonObject { ["channel"] = ChannelJson(channel) });
        if (problems.Count > 0)
        {
            answer["errors"] = Errors(problems);
        }
        return answer;
    }

    private JsonObject SetTopic(JsonObject args)
    {
        if (Member(args, out var channel) is { } refused)
        {
            return refused;
        }
        var topic = Text(args, "topic") ?? "";
        if (topic.Length > MaxTopic)
        {
            return Error("too_long");
        }
        channel!.Topic = topic;
        return Ok(new JsonObject { ["channel"] = ChannelJson(channel) });
    }

    private JsonObject Archive(JsonObject args)
    {
        if (Text(args, "channel") is { } id && channels.TryGetValue(id, out var channel) && Visible(channel) && channel.Archived)
        {
            return Error("already_archived");
        }
        if (Member(args, out channel) is { } refused)
        {
            return refused;
        }
        if (channel!.IsDirect)
        {
            return Error("method_not_supported_for_channel_type");
        }
        channel.Archived = true;
        return Ok();
    }

    /// <summary>Null when the channel exists, is open and has the bot in it; otherwise Slack's error.</summary>
    private JsonObject? Member(JsonObject args, out ChannelState? channel)
    {
        channel = null;
        if (Text(args, "channel") is not { } id || !channels.TryGetValue(id, out channel) || !Visible(channel))
        {
            return Error("channel_not_found");
        }
        if (channel.Archived)
        {
            return Error("is_archived");
        }
        return channel.Members.Contains(BotUserId) ? null : Error("not_in_channel");
    }

    private static JsonArray Errors(List<(string User, string Error)> problems) =>
        [.. problems.Select(p => (JsonNode)new JsonObject { ["user"] = p.User, ["ok"] = false, ["error"] = p.Error })];

    private JsonObject ChannelJson(ChannelState channel) => new()
    {
        ["id"] = channel.Id,
        ["name"] = channel.Name,
        ["is_channel"] = !channel.IsDirect,
        ["is_im"] = channel.IsDirect,
        ["is_private"] = channel.IsPrivate,
        ["is_archived"] = channel.Archived,
        ["is_member"] = channel.Members.Contains(BotUserId),
        ["created"] = time.GetUtcNow().ToUnixTimeSeconds(),
        ["creator"] = BotUserId,
        ["topic"] = new JsonObject { ["value"] = channel.Topic, ["creator"] = channel.Topic.Length > 0 ? BotUserId : "", ["last_set"] = 0 },
    };
}
