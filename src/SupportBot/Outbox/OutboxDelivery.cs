using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;

namespace SupportBot.Outbox;

/// <summary>
/// Performs one operation on its platform: resolves the keys it names to platform ids, makes the
/// call, and collects the ids it produced. A key not resolvable yet is transient: the operation that
/// creates it may still be on its way (in another lane, or retrying). A post is tagged with its row
/// where the platform can (<see cref="ITaggedPosts"/>), so that one an instance that stopped mid-call
/// may have made is found instead of made again.
/// </summary>
public sealed partial class OutboxDelivery(ChannelRouter router, OutboxStore store, ILogger<OutboxDelivery> logger)
{
    /// <param name="platform">Set as soon as the platform is known, so a failure is counted against it.</param>
    public async Task<DeliveredRefs> DeliverAsync(Outgoing op, PostTag? tag, StrongBox<ChannelKind?> platform, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(platform);
        var refs = new DeliveredRefs();
        switch (op)
        {
            case PostMessage post:
                platform.Value = post.To.Channel;
                Remember(refs, post.MessageKey, await PostOnceAsync(router.For(post.To.Channel), post.To, post.Message, tag, ct).ConfigureAwait(false));
                break;
            case PostToChannel post:
                var target = await ChannelAsync(post.ChannelKey, platform, ct).ConfigureAwait(false);
                Remember(refs, post.MessageKey, await PostOnceAsync(router.For(target.Channel), target, post.Message, tag, ct).ConfigureAwait(false));
                break;
            case UpdateMessage update:
                var updated = await MessageAsync(update.MessageKey, platform, ct).ConfigureAwait(false);
                await router.For(updated.Channel).UpdateAsync(updated, update.Message, ct).ConfigureAwait(false);
                break;
            case DirectMessage direct:
                platform.Value = direct.To.Channel;
                Remember(refs, direct.MessageKey, await DirectOnceAsync(router.For(direct.To.Channel), direct.To, direct.Message, tag, ct).ConfigureAwait(false));
                break;
            case CreateChannel create:
                platform.Value = create.Channel;
                // Already created (a retry after a crash between the call and the commit, or a repeated
                // request): creating again would leave a second, orphaned channel.
                if (await store.FindChannelAsync(create.ChannelKey, ct).ConfigureAwait(false) is null)
                {
                    refs.Channels[create.ChannelKey] =
                        await router.For(create.Channel).CreateChannelAsync(create.Name, create.Topic, ct).ConfigureAwait(false);
                }
                break;
            case InviteToChannel invite:
                var invited = await ChannelAsync(invite.ChannelKey, platform, ct).ConfigureAwait(false);
                await router.For(invited.Channel).InviteAsync(invited, invite.Users, ct).ConfigureAwait(false);
                break;
            case PinMessage pin:
                var pinned = await MessageAsync(pin.MessageKey, platform, ct).ConfigureAwait(false);
                await router.For(pinned.Channel).PinAsync(pinned, ct).ConfigureAwait(false);
                break;
            case ArchiveChannel archive:
                var archived = await ChannelAsync(archive.ChannelKey, platform, ct).ConfigureAwait(false);
                await router.For(archived.Channel).ArchiveAsync(archived, ct).ConfigureAwait(false);
                break;
            default:
                throw new ChannelException(ChannelFailure.Permanent, $"unknown outbox operation {op.GetType().Name}");
        }
        return refs;
    }

    private async Task<MessageRef> PostOnceAsync(IChatChannel channel, ConversationRef to, OutboundMessage message, PostTag? tag, CancellationToken ct)
    {
        if (tag is null || channel is not ITaggedPosts tagged)
        {
            Unlooked(channel, tag);
            return await channel.PostAsync(to, message, ct).ConfigureAwait(false);
        }
        return tag.MayBeSentSince is { } since && await LookAsync(() => tagged.FindAsync(to, message, tag.Id, since, ct), channel, tag).ConfigureAwait(false) is { } posted
            ? posted
            : await tagged.PostAsync(to, message, tag.Id, ct).ConfigureAwait(false);
    }

    private async Task<MessageRef> DirectOnceAsync(IChatChannel channel, UserRef to, OutboundMessage message, PostTag? tag, CancellationToken ct)
    {
        if (tag is null || channel is not ITaggedPosts tagged)
        {
            Unlooked(channel, tag);
            return await channel.SendDirectAsync(to, message, ct).ConfigureAwait(false);
        }
        return tag.MayBeSentSince is { } since && await LookAsync(() => tagged.FindDirectAsync(to, message, tag.Id, since, ct), channel, tag).ConfigureAwait(false) is { } posted
            ? posted
            : await tagged.SendDirectAsync(to, message, tag.Id, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A look-up the platform may answer later (429, 5xx, a timeout) holds any other row for a retry, so it
    /// is neither lost nor doubled; a page is sent at once instead: late is worse than twice for a page.
    /// </summary>
    private async Task<MessageRef?> LookAsync(Func<Task<MessageRef?>> find, IChatChannel channel, PostTag tag)
    {
        try
        {
            return await find().ConfigureAwait(false);
        }
        catch (ChannelException ex) when (ex.Kind != ChannelFailure.Permanent && tag.Delivery == DeliveryClass.AtLeastOnce)
        {
            LogPageSentUnlooked(channel.Kind, tag.Id, ex.Message);
            return null;
        }
    }

    /// <summary>
    /// A platform that cannot find its posts again cannot tell whether an instance that stopped mid-call
    /// made this one: the delivery class decides, as for any ambiguous send. A page goes again (say so);
    /// anything else is given up on (at most once), through the same ambiguous failure as a timeout.
    /// </summary>
    private void Unlooked(IChatChannel channel, PostTag? tag)
    {
        if (tag?.MayBeSentSince is null)
        {
            return;
        }
        if (tag.Delivery != DeliveryClass.AtLeastOnce)
        {
            throw new ChannelException(ChannelFailure.Transient,
                $"{channel.Kind} cannot look up {tag.Id}, whose send began at {tag.MayBeSentSince:O} and was never recorded: it may have been sent")
            { Ambiguous = true };
        }
        LogRepeatable(channel.Kind, tag.Id);
    }

    private static void Remember(DeliveredRefs refs, string? key, MessageRef message)
    {
        if (key is not null)
        {
            refs.Messages[key] = message;
        }
    }

    private async Task<ConversationRef> ChannelAsync(string key, StrongBox<ChannelKind?> platform, CancellationToken ct)
    {
        var channel = await store.FindChannelAsync(key, ct).ConfigureAwait(false)
            ?? throw await Missing("channelKey", key, "channel not created yet", "its channel was never created", ct).ConfigureAwait(false);
        platform.Value = channel.Channel;
        return channel;
    }

    private async Task<MessageRef> MessageAsync(string key, StrongBox<ChannelKind?> platform, CancellationToken ct)
    {
        var message = await store.FindMessageAsync(key, ct).ConfigureAwait(false)
            ?? throw await Missing("messageKey", key, "message not posted yet", "its message was never posted", ct).ConfigureAwait(false);
        platform.Value = message.Channel;
        return message;
    }

    /// <summary>Waiting for a key is worth it only while the operation that will save it is still pending.</summary>
    private async Task<ChannelException> Missing(string property, string key, string waiting, string never, CancellationToken ct) =>
        await store.KeyStillComingAsync(property, key, ct).ConfigureAwait(false)
            ? new ChannelException(ChannelFailure.Transient, waiting)
            : new ChannelException(ChannelFailure.Permanent, never);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Platform} cannot find its posts again: page {Tag} may have been sent by an instance that stopped mid-call and is sent again (at least once)")]
    private partial void LogRepeatable(ChannelKind platform, string tag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look in {Platform} for page {Tag} ({Reason}); sending it anyway, so it may show twice")]
    private partial void LogPageSentUnlooked(ChannelKind platform, string tag, string reason);
}
