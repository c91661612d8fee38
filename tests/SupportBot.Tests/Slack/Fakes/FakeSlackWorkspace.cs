namespace SupportBot.Tests.Slack.Fakes;

/// <summary>What a test sets up in the fake workspace, what it inspects afterwards, and failures it asks for.</summary>
public sealed partial class FakeSlack
{
    public FakeUser AddUser(string id, string name, string timeZone = "Europe/London", string? email = null)
    {
        var user = new FakeUser(id, name, timeZone, email);
        lock (gate)
        {
            users[id] = user;
        }
        return user;
    }

    /// <summary>A channel that exists before the test starts; returns its id.</summary>
    public string AddChannel(string name, bool isPrivate = false, bool botIsMember = true, params string[] members)
    {
        lock (gate)
        {
            var channel = new ChannelState(NewId('C'), name, isPrivate, isDirect: false);
            if (botIsMember)
            {
                channel.Members.Add(BotUserId);
            }
            channel.Members.UnionWith(members);
            channels[channel.Id] = channel;
            return channel.Id;
        }
    }

    /// <summary>A message from a person (which the bot may not update).</summary>
    public string AddUserMessage(string channelId, string userId, string text)
    {
        lock (gate)
        {
            var message = new MessageState(channelId, NextTs(), userId) { Text = text };
            channels[channelId].Messages.Add(message);
            return message.Ts;
        }
    }

    /// <summary>A message the bot posted before the test began (a desk's earlier cards), which it may update.</summary>
    public string AddBotMessage(string channelId, string text)
    {
        lock (gate)
        {
            var message = new MessageState(channelId, NextTs(), BotUserId) { Text = text };
            channels[channelId].Messages.Add(message);
            return message.Ts;
        }
    }

    public void ArchiveChannel(string channelId)
    {
        lock (gate)
        {
            channels[channelId].Archived = true;
        }
    }

    public FakeChannel? Channel(string id)
    {
        lock (gate)
        {
            return channels.TryGetValue(id, out var channel) ? channel.Snapshot() : null;
        }
    }

    public FakeChannel? ChannelNamed(string name)
    {
        lock (gate)
        {
            return channels.Values.FirstOrDefault(c => c.Name == name)?.Snapshot();
        }
    }

    public IReadOnlyList<FakeChannel> Channels()
    {
        lock (gate)
        {
            return [.. channels.Values.Select(c => c.Snapshot())];
        }
    }

    /// <summary>Opens the bot's DM with a user, as <c>conversations.open</c> does; returns its D… id.</summary>
    public string OpenDirect(string userId)
    {
        lock (gate)
        {
            return DirectWith(userId).Id;
        }
    }

    /// <summary>The D… channel of the bot's DM with a user, if one was opened.</summary>
    public string? DirectChannelOf(string userId)
    {
        lock (gate)
        {
            return channels.Values.FirstOrDefault(c => c.IsDirect && c.Members.Contains(userId))?.Id;
        }
    }

    public IReadOnlyList<FakeMessage> Messages(string channelId)
    {
        lock (gate)
        {
            return channels.TryGetValue(channelId, out var channel) ? [.. channel.Messages.Select(m => m.Snapshot())] : [];
        }
    }

    public IReadOnlyList<FakeCall> Calls(string? method = null)
    {
        lock (gate)
        {
            return [.. calls.Where(c => method is null || c.Method == method)];
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> calls of <paramref name="method"/> fail: with an HTTP
    /// <paramref name="status"/> (429 answers <c>ratelimited</c>, with <c>Retry-After</c> when
    /// <paramref name="retryAfter"/> is set; 5xx answers no JSON), or with HTTP 200 and
    /// <c>{"ok":false,"error":<paramref name="error"/>}</c>. Nothing changes in the workspace.
    /// <paramref name="afterCalls"/> calls go through first (to fail a later piece of a reply).
    /// </summary>
    public void FailNext(string method, int count = 1, int status = 200, int? retryAfter = null, string? error = null, int afterCalls = 0)
    {
        if (status == 200 && error is null)
        {
            throw new ArgumentException("Say how it fails: a status other than 200, or an error code.", nameof(error));
        }
        lock (gate)
        {
            if (!failures.TryGetValue(method, out var queue))
            {
                failures[method] = queue = new Queue<Failure?>();
            }
            for (var i = 0; i < afterCalls; i++)
            {
                queue.Enqueue(null);
            }
            for (var i = 0; i < count; i++)
            {
                queue.Enqueue(new Failure(status, retryAfter, error));
            }
        }
    }

    /// <summary>
    /// The next call of <paramref name="method"/> is performed, but its answer waits for
    /// <paramref name="until"/> (or for the client to give up): a send that timed out after Slack acted.
    /// </summary>
    public void AnswerNextLate(string method, Task until) => After(method, new Afterwards(until, Reset: false));

    /// <summary>The next call of <paramref name="method"/> is performed, then its connection is reset instead of answered.</summary>
    public void ResetAfterNext(string method) => After(method, new Afterwards(null, Reset: true));

    private void After(string method, Afterwards afterwards)
    {
        lock (gate)
        {
            if (!afterwardsByMethod.TryGetValue(method, out var queue))
            {
                afterwardsByMethod[method] = queue = new Queue<Afterwards>();
            }
            queue.Enqueue(afterwards);
        }
    }
}
