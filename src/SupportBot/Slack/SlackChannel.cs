using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json.Nodes;
using SupportBot.Core.Channels;
using SupportBot.People;
using SupportBot.Slack.Api;

namespace SupportBot.Slack;

/// <summary>
/// The Slack adapter of the chat port, on the Web API. Slack's failures arrive as
/// <see cref="SlackApiException"/> and leave as <see cref="ChannelException"/>; the codes that mean
/// "already done" (<c>already_pinned</c>, <c>already_archived</c>, <c>already_in_channel</c>) are
/// success, because the outbox repeats an operation whose first attempt may have worked.
/// </summary>
public sealed partial class SlackChannel(
    SlackApiClient api, ISlackRenderer renderer, SlackMessageStore messages, PeopleDirectory directory, ILogger<SlackChannel> logger)
    : IChatChannel
{
    public const int MaxNameAttempts = 10;
    public const int MaxTopicLength = 250;
    public const int MaxUsersPerInvite = 100;

    // A DM channel id per user saves a conversations.open per page; bounded by clearing, since reopening is cheap.
    private const int MaxRememberedDirects = 10_000;
    private readonly ConcurrentDictionary<string, string> directs = new(StringComparer.Ordinal);

    public ChannelKind Kind => ChannelKind.Slack;

    /// <summary>https://docs.slack.dev/reference/methods/chat.postMessage</summary>
    public Task<MessageRef> PostAsync(ConversationRef conversation, OutboundMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        RequireSlack(conversation.Channel, "conversation");
        return PostToAsync(conversation.Id, message, null, ct);
    }

    /// <summary>
    /// https://docs.slack.dev/reference/methods/chat.update — the full text and blocks every time:
    /// omitted blocks would keep the old ones, omitted text would leave stale notification text.
    /// </summary>
    public async Task UpdateAsync(MessageRef message, OutboundMessage replacement, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(replacement);
        RequireSlack(message.Channel, "message");
        var rendered = renderer.Message(replacement);
        await CallAsync("chat.update", new JsonObject
        {
            ["channel"] = message.ConversationId,
            ["ts"] = message.MessageId,
            ["text"] = rendered.Text,
            ["blocks"] = rendered.Blocks.DeepClone(),
        }, ct).ConfigureAwait(false);
        await RememberAsync(message.ConversationId, message.MessageId, replacement).ConfigureAwait(false);
    }

    /// <summary>
    /// https://docs.slack.dev/reference/methods/conversations.open then chat.postMessage. The message
    /// is addressed by the D… channel, which is what chat.update and pins.add need later (so a page
    /// sent by email is redrawn in the DM it reached). Someone addressed by email is found first.
    /// </summary>
    public Task<MessageRef> SendDirectAsync(UserRef user, OutboundMessage message, CancellationToken ct) => DirectAsync(user, message, null, ct);

    private async Task<MessageRef> DirectAsync(UserRef user, OutboundMessage message, string? tag, CancellationToken ct)
    {
        var userId = await DirectUserAsync(user, ct).ConfigureAwait(false);
        var channel = await OpenDirectAsync(userId, ct).ConfigureAwait(false);
        try
        {
            return await PostToAsync(channel, message, tag, ct).ConfigureAwait(false);
        }
        catch (ChannelException ex) when (ex.Kind == ChannelFailure.Permanent)
        {
            directs.TryRemove(userId, out _); // Perhaps no longer that DM: open it again next time.
            throw;
        }
    }

    /// <summary>The member a direct message goes to: their id, or the member with their email.</summary>
    private async Task<string> DirectUserAsync(UserRef user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        RequireSlack(user.Channel, "user");
        return user.IsByEmail ? await FindByEmailAsync(user, ct).ConfigureAwait(false) : user.Id;
    }

    /// <summary>
    /// The Slack member with the email: one who has talked to the bot (the directory of learned
    /// accounts), else whoever Slack finds (https://docs.slack.dev/reference/methods/users.lookupByEmail,
    /// scope <c>users:read.email</c>). Nobody is a permanent failure: retrying will not find them.
    /// </summary>
    private async Task<string> FindByEmailAsync(UserRef user, CancellationToken ct)
    {
        var email = user.Email!;
        if (directory.Find(ChannelKind.Slack, email) is { } learned)
        {
            return learned.AccountId;
        }
        try
        {
            var found = await api.CallAsync("users.lookupByEmail", new JsonObject { ["email"] = email }, ct).ConfigureAwait(false);
            return JsonText.NonEmpty(found["user"]?["id"])
                ?? throw new ChannelException(ChannelFailure.Permanent, "users.lookupByEmail: no user id in the answer");
        }
        catch (SlackApiException ex) when (ex.Error is "users_not_found" or "user_not_found")
        {
            throw new ChannelException(ChannelFailure.Permanent,
                $"Slack: {user.Name} ({email}) has not talked to the bot on Slack yet, and Slack has no member with that email ({ex.Error})", null, ex);
        }
        catch (SlackApiException ex)
        {
            throw ex.ToChannelException();
        }
    }

    /// <summary>
    /// https://docs.slack.dev/reference/methods/conversations.create (public), retried with a suffix
    /// while the name is taken, then conversations.setTopic. A topic that cannot be set is logged,
    /// not failed: retrying the whole operation would create a second channel.
    /// </summary>
    public async Task<ConversationRef> CreateChannelAsync(string name, string topic, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(topic);
        string? id = null;
        for (var attempt = 1; attempt <= MaxNameAttempts && id is null; attempt++)
        {
            var candidate = SlackChannelNames.Candidate(name, attempt);
            var created = await CallAsync(
                "conversations.create", new JsonObject { ["name"] = candidate, ["is_private"] = false }, ct, e => e == "name_taken").ConfigureAwait(false);
            if (created is null)
            {
                LogNameTaken(candidate);
                continue;
            }
            id = JsonText.Of(created["channel"]?["id"])
                ?? throw new ChannelException(ChannelFailure.Permanent, "conversations.create: no channel id in the answer");
        }
        if (id is null)
        {
            throw new ChannelException(ChannelFailure.Permanent, $"conversations.create: name_taken for {name} and {MaxNameAttempts - 1} suffixed names");
        }
        if (topic.Length > 0)
        {
            try
            {
                await api.CallAsync("conversations.setTopic", new JsonObject { ["channel"] = id, ["topic"] = BlockKit.SlackText.Truncate(topic, MaxTopicLength) }, ct)
                    .ConfigureAwait(false);
            }
            catch (SlackApiException ex)
            {
                LogTopicFailed(id, ex.Error);
            }
        }
        return new ConversationRef(ChannelKind.Slack, id, IsDirect: false);
    }

    /// <summary>
    /// https://docs.slack.dev/reference/methods/conversations.invite, at most 100 users a call, with
    /// <c>force</c> so one bad id does not stop the rest; per-user refusals are logged.
    /// </summary>
    public async Task InviteAsync(ConversationRef channel, IReadOnlyList<UserRef> users, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(users);
        RequireSlack(channel.Channel, "channel");
        var ids = users.Where(u => u.Channel == ChannelKind.Slack).Select(u => u.Id).Distinct(StringComparer.Ordinal).ToList();
        foreach (var chunk in ids.Chunk(MaxUsersPerInvite))
        {
            var args = new JsonObject { ["channel"] = channel.Id, ["users"] = string.Join(',', chunk), ["force"] = true };
            try
            {
                var answer = await api.CallAsync("conversations.invite", args, ct).ConfigureAwait(false);
                LogUserErrors(channel.Id, answer);
            }
            catch (SlackApiException ex)
            {
                LogUserErrors(channel.Id, ex.Response);
                if (ex.Error is not ("already_in_channel" or "cant_invite_self"))
                {
                    throw ex.ToChannelException();
                }
            }
        }
    }

    /// <summary>https://docs.slack.dev/reference/methods/pins.add</summary>
    public async Task PinAsync(MessageRef message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        RequireSlack(message.Channel, "message");
        await CallAsync("pins.add", new JsonObject { ["channel"] = message.ConversationId, ["timestamp"] = message.MessageId }, ct,
            e => e == "already_pinned").ConfigureAwait(false);
    }

    /// <summary>https://docs.slack.dev/reference/methods/conversations.archive</summary>
    public async Task ArchiveAsync(ConversationRef channel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        RequireSlack(channel.Channel, "channel");
        await CallAsync("conversations.archive", new JsonObject { ["channel"] = channel.Id }, ct, e => e == "already_archived").ConfigureAwait(false);
    }

    /// <param name="tag">Carried as the message's metadata, by which <see cref="FindAsync"/> finds it again.</param>
    private async Task<MessageRef> PostToAsync(string channel, OutboundMessage message, string? tag, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var rendered = renderer.Message(message);
        // No link_names or parse: user text must not turn into mentions or links (it is escaped already).
        var args = new JsonObject { ["channel"] = channel, ["text"] = rendered.Text };
        if (rendered.Blocks.Count > 0)
        {
            args["blocks"] = rendered.Blocks.DeepClone();
        }
        args["unfurl_links"] = false;
        args["unfurl_media"] = false;
        if (tag is not null)
        {
            args["metadata"] = new JsonObject { ["event_type"] = DeliveryEventType, ["event_payload"] = new JsonObject { ["id"] = tag } };
        }
        var posted = await CallAsync("chat.postMessage", args, ct).ConfigureAwait(false);
        // Slack posted it: a retry would post it twice, so a strange answer is not worth one.
        var ts = JsonText.Of(posted?["ts"]) ?? throw new ChannelException(ChannelFailure.Permanent, "chat.postMessage: no ts in the answer");
        var postedIn = JsonText.Of(posted?["channel"]) ?? channel;
        await RememberAsync(postedIn, ts, message).ConfigureAwait(false);
        await PostRestAsync(postedIn, ts, rendered.Rest, ct).ConfigureAwait(false);
        return new MessageRef(ChannelKind.Slack, postedIn, ts);
    }

    /// <summary>
    /// What did not fit in the message, as replies in its thread. The message is out, so a failure here is
    /// logged and not thrown: the outbox would post the message again.
    /// </summary>
    private async Task PostRestAsync(string channel, string ts, IReadOnlyList<JsonArray> rest, CancellationToken ct)
    {
        foreach (var blocks in rest)
        {
            var args = new JsonObject
            {
                ["channel"] = channel,
                ["thread_ts"] = ts,
                ["text"] = BlockKit.SlackMessage.ContinuedText,
                ["blocks"] = blocks.DeepClone(),
                ["unfurl_links"] = false,
                ["unfurl_media"] = false,
            };
            try
            {
                await api.CallAsync("chat.postMessage", args, ct).ConfigureAwait(false);
            }
            catch (SlackApiException ex)
            {
                LogRestFailed(channel, ts, ex.Error);
                return;
            }
        }
    }

    private async Task<string> OpenDirectAsync(string userId, CancellationToken ct)
    {
        if (directs.TryGetValue(userId, out var known))
        {
            return known;
        }
        var opened = await CallAsync("conversations.open", new JsonObject { ["users"] = userId }, ct).ConfigureAwait(false);
        var id = JsonText.Of(opened?["channel"]?["id"]) ?? throw new ChannelException(ChannelFailure.Transient, "conversations.open: no channel id in the answer");
        if (directs.Count >= MaxRememberedDirects)
        {
            directs.Clear();
        }
        directs[userId] = id;
        return id;
    }

    /// <summary>The answer, or null when Slack answered one of the <paramref name="tolerated"/> errors.</summary>
    private async Task<JsonObject?> CallAsync(string method, JsonObject args, CancellationToken ct, Func<string, bool>? tolerated = null)
    {
        try
        {
            return await api.CallAsync(method, args, ct).ConfigureAwait(false);
        }
        catch (SlackApiException ex) when (tolerated?.Invoke(ex.Error) == true)
        {
            return null;
        }
        catch (SlackApiException ex)
        {
            throw ex.ToChannelException();
        }
    }

    private async Task RememberAsync(string channel, string ts, OutboundMessage message)
    {
        try
        {
            await messages.SaveAsync(channel, ts, message).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or IOException)
        {
            // A shared commit that failed as a whole fails each piece with its error, which need not be a DbException.
            // The message is in Slack; failing now would make the outbox post it again.
            LogRememberFailed(ex, channel, ts);
        }
    }

    private void LogUserErrors(string channel, JsonObject? answer)
    {
        if (answer?["errors"] is not JsonArray errors)
        {
            return;
        }
        foreach (var entry in errors)
        {
            LogUserRefused(channel, JsonText.Of(entry?["user"]) ?? "?", JsonText.Of(entry?["error"]) ?? "?");
        }
    }

    private static void RequireSlack(ChannelKind kind, string what)
    {
        if (kind != ChannelKind.Slack)
        {
            throw new ChannelException(ChannelFailure.Permanent, $"{kind.Id()} {what} sent to Slack");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack channel name {Name} is taken; trying the next suffix")]
    private partial void LogNameTaken(string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack channel {Channel} was created but its topic was not set: {Error}")]
    private partial void LogTopicFailed(string channel, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack did not invite {User} to {Channel}: {Error}")]
    private partial void LogUserRefused(string channel, string user, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack message {Channel}/{Ts} was sent but the rest of its text was not posted in its thread: {Error}")]
    private partial void LogRestFailed(string channel, string ts, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack message {Channel}/{Ts} was sent but its card was not saved")]
    private partial void LogRememberFailed(Exception exception, string channel, string ts);
}
