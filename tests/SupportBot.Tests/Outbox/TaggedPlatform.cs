using System.Globalization;
using SupportBot.Core.Channels;
using SupportBot.Outbox;

namespace SupportBot.Tests.Outbox;

/// <summary>
/// A loopback platform that keeps each post with its outbox tag and finds it again (as Slack and the
/// local workspace do), shared by every instance under test. A post can be made to hang after the
/// platform has taken it: the instance that sent it never hears back, as when it dies mid-call.
/// Edits, pins and channels go to <see cref="Others"/>.
/// </summary>
public sealed class TaggedPlatform : IChatChannel, ITaggedPosts
{
    private readonly Lock gate = new();
    private readonly List<Post> posts = [];
    private readonly List<string> looks = [];
    private readonly HashSet<string> hangAfter = [];
    private readonly TaskCompletionSource hung = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public sealed record Post(string Conversation, string Text, string? Tag, string Id);

    public ChannelKind Kind => ChannelKind.Slack;

    public ScriptedChannel Others { get; } = new();

    public IReadOnlyList<Post> Posts
    {
        get
        {
            lock (gate)
            {
                return [.. posts];
            }
        }
    }

    /// <summary>The tags looked up, in order.</summary>
    public IReadOnlyList<string> Looks
    {
        get
        {
            lock (gate)
            {
                return [.. looks];
            }
        }
    }

    /// <summary>Completes once a post made to hang has been taken by the platform.</summary>
    public Task Hung => hung.Task;

    /// <summary>The post of <paramref name="text"/> is kept, and its caller then waits until cancelled.</summary>
    public void HangAfterPosting(string text)
    {
        lock (gate)
        {
            hangAfter.Add(text);
        }
    }

    public Task<MessageRef> PostAsync(ConversationRef conversation, OutboundMessage message, CancellationToken ct) =>
        KeepAsync(conversation.Id, message.Text, null, ct);

    public Task<MessageRef> PostAsync(ConversationRef conversation, OutboundMessage message, string tag, CancellationToken ct) =>
        KeepAsync(conversation.Id, message.Text, tag, ct);

    public Task<MessageRef> SendDirectAsync(UserRef user, OutboundMessage message, CancellationToken ct) =>
        KeepAsync("dm-" + user.Id, message.Text, null, ct);

    public Task<MessageRef> SendDirectAsync(UserRef user, OutboundMessage message, string tag, CancellationToken ct) =>
        KeepAsync("dm-" + user.Id, message.Text, tag, ct);

    public Task<MessageRef?> FindAsync(ConversationRef conversation, OutboundMessage message, string tag, DateTimeOffset since, CancellationToken ct) =>
        Task.FromResult(Find(conversation.Id, tag));

    public Task<MessageRef?> FindDirectAsync(UserRef user, OutboundMessage message, string tag, DateTimeOffset since, CancellationToken ct) =>
        Task.FromResult(Find("dm-" + user.Id, tag));

    public Task UpdateAsync(MessageRef message, OutboundMessage replacement, CancellationToken ct) => Others.UpdateAsync(message, replacement, ct);

    public Task<ConversationRef> CreateChannelAsync(string name, string topic, CancellationToken ct) => Others.CreateChannelAsync(name, topic, ct);

    public Task InviteAsync(ConversationRef channel, IReadOnlyList<UserRef> users, CancellationToken ct) => Others.InviteAsync(channel, users, ct);

    public Task PinAsync(MessageRef message, CancellationToken ct) => Others.PinAsync(message, ct);

    public Task ArchiveAsync(ConversationRef channel, CancellationToken ct) => Others.ArchiveAsync(channel, ct);

    private async Task<MessageRef> KeepAsync(string conversation, string text, string? tag, CancellationToken ct)
    {
        Post post;
        bool hang;
        lock (gate)
        {
            post = new Post(conversation, text, tag, (posts.Count + 1).ToString(CultureInfo.InvariantCulture));
            posts.Add(post);
            hang = hangAfter.Remove(text);
        }
        if (hang)
        {
            hung.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }
        return new MessageRef(Kind, conversation, post.Id);
    }

    private MessageRef? Find(string conversation, string tag)
    {
        lock (gate)
        {
            looks.Add(tag);
            return posts.FirstOrDefault(p => p.Conversation == conversation && p.Tag == tag) is { } found
                ? new MessageRef(Kind, conversation, found.Id)
                : null;
        }
    }
}
