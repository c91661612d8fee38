using System.Text.Json.Nodes;
using SupportBot.Core.Channels;
using SupportBot.People;

namespace SupportBot.Slack.Inbound;

/// <summary>Slack ids as the engine's people and conversations.</summary>
public static class SlackRefs
{
    public static UserRef User(string id, string? name) => new(ChannelKind.Slack, id, string.IsNullOrWhiteSpace(name) ? id : name);

    /// <summary>The person in an interaction payload's <c>user</c> object.</summary>
    public static UserRef User(JsonNode? user) =>
        User(Text(user.Get("id")) ?? "", Text(user.Get("name")) ?? Text(user.Get("username")));

    /// <summary>
    /// The email (<c>profile.email</c>, present only with the <c>users:read.email</c> scope) and zone
    /// (<c>tz</c>) of a <c>user</c> object from users.info or users.lookupByEmail.
    /// https://docs.slack.dev/reference/methods/users.info
    /// </summary>
    public static PlatformProfile Profile(JsonNode? user) => new(Text(user.Get("profile").Get("email")), Text(user.Get("tz")));

    /// <summary>Direct-message channel ids start with D; everything else is a channel.</summary>
    public static ConversationRef Conversation(string channelId) =>
        new(ChannelKind.Slack, channelId, IsDirect: channelId.StartsWith('D'));

    /// <summary>A non-empty string in a payload, or null.</summary>
    public static string? Text(JsonNode? node) => JsonText.NonEmpty(node);
}
