using System.Globalization;
using SupportBot.Core.Channels;

namespace SupportBot.Tests.Outbox;

/// <summary>
/// A fake platform that records every call and answers each with the next scripted failure for that
/// message (matched on its text, or on the channel name), succeeding once the script runs out.
/// </summary>
public sealed class ScriptedChannel(ChannelKind kind = ChannelKind.Slack) : IChatChannel
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Queue<ChannelException>> scripts = [];
    private readonly Dictionary<string, ChannelException> always = [];
    private readonly List<PlatformCall> calls = [];
    private readonly TaskCompletionSource anyDelivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int nextId;

    public sealed record PlatformCall(string Method, string Target, string Subject, bool Succeeded);

    public ChannelKind Kind => kind;

    public IReadOnlyList<PlatformCall> Calls
    {
        get
        {
            lock (gate)
            {
                return [.. calls];
            }
        }
    }

    /// <summary>The subjects (message text, channel name, ...) of the calls that succeeded, in order.</summary>
    public IReadOnlyList<string> Delivered => [.. Calls.Where(c => c.Succeeded).Select(c => c.Subject)];

    /// <summary>Completes at the first successful call: how a test awaits the background loop without sleeping.</summary>
    public Task FirstDelivery => anyDelivered.Task;

    public int Attempts(string subject) => Calls.Count(c => c.Subject == subject);

    public void Fail(string subject, params ChannelException[] failures)
    {
        lock (gate)
        {
            scripts[subject] = new Queue<ChannelException>(failures);
        }
    }

    /// <summary>Every call whose subject or target (conversation, message or channel id) is <paramref name="subjectOrTarget"/> fails.</summary>
    public void FailAlways(string subjectOrTarget, ChannelException failure)
    {
        lock (gate)
        {
            always[subjectOrTarget] = failure;
        }
    }

    public Task<MessageRef> PostAsync(ConversationRef conversation, OutboundMessage message, CancellationToken ct) =>
        Task.FromResult(Record("post", conversation.Id, message.Text, () => new MessageRef(kind, conversation.Id, NewId("m"))));

    public Task UpdateAsync(MessageRef message, OutboundMessage replacement, CancellationToken ct) =>
        Task.FromResult(Record("update", message.MessageId, replacement.Text, () => true));

    public Task<MessageRef> SendDirectAsync(UserRef user, OutboundMessage message, CancellationToken ct) =>
        Task.FromResult(Record("direct", user.Id, message.Text, () => new MessageRef(kind, "dm-" + user.Id, NewId("m"))));

    public Task<ConversationRef> CreateChannelAsync(string name, string topic, CancellationToken ct) =>
        Task.FromResult(Record("create-channel", name, name, () => new ConversationRef(kind, NewId("C"), IsDirect: false)));

    public Task InviteAsync(ConversationRef channel, IReadOnlyList<UserRef> users, CancellationToken ct) =>
        Task.FromResult(Record("invite", channel.Id, string.Join(",", users.Select(u => u.Id)), () => true));

    public Task PinAsync(MessageRef message, CancellationToken ct) =>
        Task.FromResult(Record("pin", message.MessageId, "pin " + message.MessageId, () => true));

    public Task ArchiveAsync(ConversationRef channel, CancellationToken ct) =>
        Task.FromResult(Record("archive", channel.Id, "archive " + channel.Id, () => true));

    private T Record<T>(string method, string target, string subject, Func<T> success)
    {
        lock (gate)
        {
            ChannelException? failure = null;
            if (always.TryGetValue(subject, out var fails) || always.TryGetValue(target, out fails))
            {
                failure = fails;
            }
            else if (scripts.TryGetValue(subject, out var script) && script.Count > 0)
            {
                failure = script.Dequeue();
            }
            calls.Add(new PlatformCall(method, target, subject, failure is null));
            if (failure is not null)
            {
                throw failure;
            }
            anyDelivered.TrySetResult();
            return success();
        }
    }

    private string NewId(string prefix) => prefix + (++nextId).ToString(CultureInfo.InvariantCulture);
}
