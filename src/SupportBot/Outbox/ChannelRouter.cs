using SupportBot.Core.Channels;

namespace SupportBot.Outbox;

/// <summary>
/// The adapter for each platform. Teams and Slack register theirs only when configured, so an
/// operation for a platform that is not switched on fails permanently instead of retrying forever.
/// </summary>
public sealed class ChannelRouter
{
    private readonly Dictionary<ChannelKind, IChatChannel> channels = [];

    public ChannelRouter(IEnumerable<IChatChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        foreach (var channel in channels)
        {
            if (!this.channels.TryAdd(channel.Kind, channel))
            {
                throw new InvalidOperationException($"Two {channel.Kind.Id()} adapters are registered; register one.");
            }
        }
    }

    public IChatChannel For(ChannelKind kind) =>
        channels.TryGetValue(kind, out var channel)
            ? channel
            : throw new ChannelException(ChannelFailure.Permanent, $"no {kind.Id()} adapter configured");
}
