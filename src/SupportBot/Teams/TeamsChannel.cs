using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SupportBot.Cards;
using SupportBot.Core.Channels;
using SupportBot.People;
using SupportBot.Teams.Connector;

namespace SupportBot.Teams;

/// <summary>
/// The Teams adapter of the chat port, on the Bot Connector API. Refs carry the service URL in
/// <c>Address</c>; without one, <see cref="TeamsOptions.ServiceUrl"/> is used. Cards are expanded
/// from <c>cards/</c> with Adaptive Card escaping and sent as version 1.5 attachments.
/// <para>
/// Bridges (<see cref="TeamsBridges"/>) are threads: in a standard channel created through Graph when it
/// is on, else in the desk's bridges channel (§7.6). Teams has no bot API to add people to a thread or
/// pin a message, so <see cref="InviteAsync"/> @mentions the people in the thread (a standard channel's
/// members are the team's) and <see cref="PinAsync"/> does nothing (the thread's first card, the status
/// card, is what stays on top); <see cref="ArchiveAsync"/> posts a closing note and archives a Graph channel.
/// </para>
/// Direct messages use the tenant of the configuration (<see cref="TeamsOptions.TenantId"/>): the bot
/// is single-tenant by default and a <see cref="UserRef"/> has room only for the service URL.
/// </summary>
public sealed partial class TeamsChannel(
    TeamsConnectorClient connector, TeamsBridges bridges, CardLibrary cards, IOptions<TeamsOptions> options, PeopleDirectory directory, ILogger<TeamsChannel> logger)
    : IChatChannel
{
    // The 1:1 conversation per user saves a create-conversation per DM; Teams returns the same one
    // each time (§5.3), so forgetting is cheap.
    private const int MaxRememberedDirects = 10_000;
    private readonly ConcurrentDictionary<string, string> directs = new(StringComparer.Ordinal);

    public ChannelKind Kind => ChannelKind.Teams;

    /// <summary>https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#send-to-conversation</summary>
    public async Task<MessageRef> PostAsync(ConversationRef conversation, OutboundMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        RequireTeams(conversation.Channel, "conversation");
        var serviceUrl = ServiceUrlOf(conversation.Address);
        var (activity, followUps) = CardActivities(message);
        var id = await connector.SendToConversationAsync(serviceUrl, conversation.Id, activity, ct).ConfigureAwait(false);
        await SendFollowUpsAsync(serviceUrl, conversation.Id, id, followUps, ct).ConfigureAwait(false);
        return new MessageRef(ChannelKind.Teams, conversation.Id, id, serviceUrl);
    }

    /// <summary>https://learn.microsoft.com/microsoftteams/platform/bots/how-to/update-and-delete-bot-messages</summary>
    public async Task UpdateAsync(MessageRef message, OutboundMessage replacement, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        RequireTeams(message.Channel, "message");
        // What does not fit went into follow-ups when the card was first sent; they are not sent again.
        await connector.UpdateActivityAsync(ServiceUrlOf(message.Address), message.ConversationId, message.MessageId, CardActivities(replacement).Card, ct)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Create-conversation with the user (<c>members: [{id}]</c>, the bot, the tenant), then send.
    /// https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages
    /// Teams starts no chat from an email: someone addressed by email is reached only through the
    /// account they used to talk to the bot (the directory of learned accounts).
    /// </summary>
    public async Task<MessageRef> SendDirectAsync(UserRef user, OutboundMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        RequireTeams(user.Channel, "user");
        if (user.IsByEmail)
        {
            user = directory.Find(ChannelKind.Teams, user.Email!)?.ToUser() ?? throw new ChannelException(ChannelFailure.Permanent,
                $"Teams: {user.Name} ({user.Email}) has not talked to the bot in Teams yet, and Teams cannot start a chat from an email address");
        }
        var serviceUrl = ServiceUrlOf(user.Address);
        var conversation = await OpenDirectAsync(serviceUrl, user.Id, ct).ConfigureAwait(false);
        try
        {
            var (activity, followUps) = CardActivities(message);
            var id = await connector.SendToConversationAsync(serviceUrl, conversation, activity, ct).ConfigureAwait(false);
            await SendFollowUpsAsync(serviceUrl, conversation, id, followUps, ct).ConfigureAwait(false);
            return new MessageRef(ChannelKind.Teams, conversation, id, serviceUrl);
        }
        catch (ChannelException ex) when (ex.Kind == ChannelFailure.Permanent)
        {
            directs.TryRemove(user.Id, out _); // Blocked or gone (403/404): open it again next time.
            throw;
        }
    }

    /// <summary>A Severity 1 bridge: a thread, in a new Graph channel or in the bridges channel, whose first message is "name: topic".</summary>
    public Task<ConversationRef> CreateChannelAsync(string name, string topic, CancellationToken ct) => bridges.OpenAsync(name, topic, ct);

    /// <summary>One message in the thread that @mentions the invited people (mentions notify them).</summary>
    public async Task InviteAsync(ConversationRef channel, IReadOnlyList<UserRef> users, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(users);
        RequireTeams(channel.Channel, "channel");
        var invited = users.Where(u => u.Channel == ChannelKind.Teams).DistinctBy(u => u.Id, StringComparer.Ordinal).ToList();
        if (invited.Count == 0)
        {
            return;
        }
        await connector.SendToConversationAsync(ServiceUrlOf(channel.Address), channel.Id, TeamsActivities.Mentions("Joining this bridge:", invited), ct)
            .ConfigureAwait(false);
    }

    /// <summary>No bot API pins a message in Teams; the thread's first card is the pinned-equivalent.</summary>
    public Task PinAsync(MessageRef message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        RequireTeams(message.Channel, "message");
        LogPinSkipped(message.ConversationId, message.MessageId);
        return Task.CompletedTask;
    }

    /// <summary>A closing note; a Graph bridge channel is archived too (a thread cannot be).</summary>
    public Task ArchiveAsync(ConversationRef channel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        RequireTeams(channel.Channel, "channel");
        return bridges.CloseAsync(channel, ct);
    }

    /// <summary>
    /// What a card too long for one message (<see cref="TeamsCardSplitter"/>) left over, as replies to it. The card
    /// is sent, so a failure here is logged and not thrown: the outbox would send the card again.
    /// </summary>
    private async Task SendFollowUpsAsync(string serviceUrl, string conversation, string activityId, List<JsonObject> followUps, CancellationToken ct)
    {
        foreach (var activity in followUps)
        {
            try
            {
                await connector.ReplyToActivityAsync(serviceUrl, conversation, activityId, activity, ct).ConfigureAwait(false);
            }
            catch (ChannelException ex)
            {
                LogFollowUpFailed(conversation, activityId, ex.Message);
                return;
            }
        }
    }

    private (JsonObject Card, List<JsonObject> FollowUps) CardActivities(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var (card, followUps) = TeamsCardSplitter.Split(RenderCard(message), message.Text);
        return (TeamsActivities.Card(card, message.Text), [.. followUps.Select(f => TeamsActivities.Card(f, message.Text))]);
    }

    private JsonObject RenderCard(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        JsonObject card;
        try
        {
            card = cards.Render(message.Template, message.Data, AdaptiveCardTextEscaper.Instance);
        }
        catch (Exception ex) when (ex is CardLibraryException or CardTemplateException or KeyNotFoundException)
        {
            throw new ChannelException(ChannelFailure.Permanent, $"Teams: card {message.Template} cannot be rendered: {ex.Message}", null, ex);
        }
        return card;
    }

    private async Task<string> OpenDirectAsync(string serviceUrl, string userId, CancellationToken ct)
    {
        if (directs.TryGetValue(userId, out var known))
        {
            return known;
        }
        var settings = options.Value;
        var parameters = new JsonObject
        {
            ["bot"] = new JsonObject { ["id"] = $"28:{settings.AppId}" },
            ["members"] = new JsonArray(new JsonObject { ["id"] = userId }),
            ["isGroup"] = false,
        };
        if (!string.IsNullOrWhiteSpace(settings.TenantId))
        {
            parameters["tenantId"] = settings.TenantId;
            parameters["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = settings.TenantId } };
        }
        var created = await connector.CreateConversationAsync(serviceUrl, parameters, ct).ConfigureAwait(false);
        if (directs.Count >= MaxRememberedDirects)
        {
            directs.Clear();
        }
        directs[userId] = created.Id;
        return created.Id;
    }

    private string ServiceUrlOf(string? address) =>
        !string.IsNullOrWhiteSpace(address) ? address
        : !string.IsNullOrWhiteSpace(options.Value.ServiceUrl) ? options.Value.ServiceUrl
        : throw new ChannelException(ChannelFailure.Permanent, "Teams: no service URL for this conversation and none configured");

    private static void RequireTeams(ChannelKind kind, string what)
    {
        if (kind != ChannelKind.Teams)
        {
            throw new ChannelException(ChannelFailure.Permanent, $"{kind.Id()} {what} sent to Teams");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Teams card {Conversation}/{Activity} was sent but the rest of its text was not: {Error}")]
    private partial void LogFollowUpFailed(string conversation, string activity, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Teams has no pins; {Conversation}/{Activity} stays the thread's first card")]
    private partial void LogPinSkipped(string conversation, string activity);
}
