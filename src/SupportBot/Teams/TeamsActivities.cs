using System.Net;
using System.Text.Json.Nodes;
using SupportBot.Core.Channels;

namespace SupportBot.Teams;

/// <summary>The outbound activities the Teams adapter sends (teams-protocol.md §4, §5.3, §6).</summary>
public static class TeamsActivities
{
    public const string AdaptiveCardType = "application/vnd.microsoft.card.adaptive";

    /// <summary>
    /// A card message: the expanded Adaptive Card as the only attachment, the plain text as
    /// <c>summary</c> (the notification/feed text). No <c>text</c>: Teams splits text plus a card into
    /// two messages and then returns only one id, so the card could not be updated (§5.5, §6.1).
    /// </summary>
    public static JsonObject Card(JsonObject card, string summary) => new()
    {
        ["type"] = "message",
        ["summary"] = summary,
        ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = AdaptiveCardType, ["content"] = card }),
    };

    /// <summary>A plain text message; the text is HTML-escaped, as Teams renders markup in messages.</summary>
    public static JsonObject Text(string text) => new()
    {
        ["type"] = "message",
        ["text"] = WebUtility.HtmlEncode(text),
    };

    /// <summary>
    /// A message that @mentions each user: <c>&lt;at&gt;Name&lt;/at&gt;</c> in the text and a mention
    /// entity whose <c>text</c> is exactly that substring (otherwise Teams ignores it, §4.4). Names are
    /// XML-escaped; the identity is <c>mentioned.id</c>, never the visible name.
    /// </summary>
    public static JsonObject Mentions(string lead, IReadOnlyList<UserRef> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        var entities = new JsonArray();
        var tags = new List<string>();
        foreach (var user in users)
        {
            var name = string.IsNullOrWhiteSpace(user.Name) ? user.Id : user.Name;
            var tag = $"<at>{WebUtility.HtmlEncode(name)}</at>";
            tags.Add(tag);
            entities.Add(new JsonObject
            {
                ["type"] = "mention",
                ["text"] = tag,
                ["mentioned"] = new JsonObject { ["id"] = user.Id, ["name"] = name },
            });
        }
        return new JsonObject
        {
            ["type"] = "message",
            ["text"] = $"{WebUtility.HtmlEncode(lead)} {string.Join(", ", tags)}",
            ["entities"] = entities,
        };
    }
}
