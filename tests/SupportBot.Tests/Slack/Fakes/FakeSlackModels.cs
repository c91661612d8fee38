using System.Text.Json.Nodes;

namespace SupportBot.Tests.Slack.Fakes;

/// <summary>One Web API request as the fake received it: the arguments from a JSON or form body.</summary>
public sealed record FakeCall(string Method, JsonObject Args, string? ContentType, DateTimeOffset At, bool Injected);

/// <summary>A message the workspace accepted (posted or updated), with its text as it was then.</summary>
public sealed record FakeWrite(string Method, string Channel, string Ts, string? Text, DateTimeOffset At);

/// <summary>A conversation as the test sees it (a snapshot; the fake keeps its own state).</summary>
public sealed record FakeChannel(
    string Id, string Name, bool IsPrivate, bool IsDirect, bool Archived, string Topic, IReadOnlyList<string> Members, IReadOnlyList<string> Pins);

/// <summary>A message in a conversation: what chat.postMessage stored, as chat.update left it.</summary>
public sealed record FakeMessage(string Channel, string Ts, string User, string? Text, JsonArray? Blocks, bool Edited);

/// <summary>An ephemeral message: shown to one user, never stored in the channel, never updatable.</summary>
public sealed record FakeEphemeral(string Channel, string User, string Ts, string? Text, JsonArray? Blocks);

/// <summary>A modal or Home tab as the last views.open/update/publish left it.</summary>
public sealed record FakeView(string Id, string Hash, string Type, string? ExternalId, string? UserId, JsonObject View);

/// <summary>A person in the fake workspace; their email is in their profile when they have one.</summary>
public sealed record FakeUser(string Id, string Name, string TimeZone = "Europe/London", string? Email = null);

internal sealed class ChannelState(string id, string name, bool isPrivate, bool isDirect)
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public bool IsPrivate { get; } = isPrivate;
    public bool IsDirect { get; } = isDirect;
    public bool Archived { get; set; }
    public string Topic { get; set; } = "";
    public HashSet<string> Members { get; } = new(StringComparer.Ordinal);
    public List<MessageState> Messages { get; } = [];
    public HashSet<string> Pins { get; } = new(StringComparer.Ordinal);

    public FakeChannel Snapshot() =>
        new(Id, Name, IsPrivate, IsDirect, Archived, Topic, [.. Members.Order(StringComparer.Ordinal)], [.. Pins.Order(StringComparer.Ordinal)]);
}

internal sealed class MessageState(string channel, string ts, string user)
{
    public string Channel { get; } = channel;
    public string Ts { get; } = ts;
    public string User { get; } = user;
    public string? Text { get; set; }
    public JsonArray? Blocks { get; set; }
    public bool Edited { get; set; }
    public JsonObject? Metadata { get; init; }

    public FakeMessage Snapshot() => new(Channel, Ts, User, Text, Blocks?.DeepClone().AsArray(), Edited);

    /// <param name="metadata">Include the message's metadata (conversations.history's <c>include_all_metadata</c>).</param>
    public JsonObject ToJson(string botId, bool metadata = false)
    {
        var json = new JsonObject { ["type"] = "message", ["user"] = User, ["ts"] = Ts, ["text"] = Text ?? "" };
        if (User == FakeSlack.BotUserId)
        {
            json["bot_id"] = botId;
            json["app_id"] = FakeSlack.AppId;
        }
        if (Blocks is not null)
        {
            json["blocks"] = Blocks.DeepClone();
        }
        if (metadata && Metadata is not null)
        {
            json["metadata"] = Metadata.DeepClone();
        }
        return json;
    }
}

internal sealed record ViewState(string Id, string Hash, string Type, string? ExternalId, string? UserId, JsonObject View)
{
    public FakeView Snapshot() => new(Id, Hash, Type, ExternalId, UserId, View.DeepClone().AsObject());
}

internal sealed record Failure(int Status, int? RetryAfter, string? Error);

/// <summary>What happens after a call was performed instead of answering at once.</summary>
internal sealed record Afterwards(Task? Until, bool Reset);
