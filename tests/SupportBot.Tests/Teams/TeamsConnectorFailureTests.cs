using SupportBot.Core.Channels;

namespace SupportBot.Tests.Teams;

/// <summary>How the Connector's answers become <see cref="ChannelFailure"/>s (teams-protocol.md §5.4).</summary>
public sealed class TeamsConnectorFailureTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_429_is_rate_limited_with_the_retry_after()
    {
        await using var rig = await TeamsRig.StartAsync();
        rig.Fake.FailNext(429, retryAfter: 7);

        var ex = await Assert.ThrowsAsync<ChannelException>(() => Post(rig));

        Assert.Equal((ChannelFailure.RateLimited, TimeSpan.FromSeconds(7), "Teams send: 429 Throttled: Injected failure"), (ex.Kind, ex.RetryAfter, ex.Message));
    }

    [Theory]
    [InlineData(412)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task A_412_or_5xx_is_transient(int status)
    {
        await using var rig = await TeamsRig.StartAsync();
        rig.Fake.FailNext(status);

        var ex = await Assert.ThrowsAsync<ChannelException>(() => Post(rig));

        Assert.Equal(ChannelFailure.Transient, ex.Kind);
    }

    [Theory]
    [InlineData(403, "BotNotInConversationRoster", "The bot is not part of the conversation roster.")]
    [InlineData(403, "ConversationBlockedByUser", "User blocked the conversation with the bot.")]
    [InlineData(404, "ConversationNotFound", "Conversation not found.")]
    [InlineData(413, "MessageSizeTooBig", "Message size too big.")]
    public async Task A_403_or_404_is_permanent_with_teams_code_and_message(int status, string code, string message)
    {
        await using var rig = await TeamsRig.StartAsync();
        rig.Fake.FailNext(status, code: code, message: message);

        var ex = await Assert.ThrowsAsync<ChannelException>(() => Post(rig));

        Assert.Equal((ChannelFailure.Permanent, $"Teams send: {status} {code}: {message}"), (ex.Kind, ex.Message));
    }

    [Fact]
    public async Task A_403_for_a_blocked_bot_in_teams_own_shape_is_permanent_with_its_sub_code_and_details()
    {
        await using var rig = await TeamsRig.StartAsync();
        rig.Fake.FailNext(403, code: Fakes.FakeConnector.MessageWritesBlocked, message: "Thread is blocked from message writes.");

        var ex = await Assert.ThrowsAsync<ChannelException>(() => Post(rig));

        Assert.Equal((ChannelFailure.Permanent, "Teams send: 403 MessageWritesBlocked: Thread is blocked from message writes."), (ex.Kind, ex.Message));
    }

    [Fact]
    public async Task A_401_is_retried_once_with_a_fresh_token()
    {
        await using var rig = await TeamsRig.StartAsync();
        await Post(rig);
        rig.Fake.RevokeTokens();

        await Post(rig);

        Assert.Equal(2, rig.Fake.TokenRequests);
        Assert.Equal([true, false, true], rig.Fake.Requests.Select(r => r.Authorized));
        Assert.Equal(2, rig.Fake.Activities(TeamsRig.Triage).Count);
    }

    [Fact]
    public async Task A_second_401_after_a_fresh_token_is_permanent()
    {
        await using var rig = await TeamsRig.StartAsync();
        await Post(rig);
        rig.Fake.FailNext(401);
        rig.Fake.FailNext(401);

        var ex = await Assert.ThrowsAsync<ChannelException>(() => Post(rig));

        Assert.Equal(ChannelFailure.Permanent, ex.Kind);
        Assert.Equal(2, rig.Fake.TokenRequests);
    }

    [Fact]
    public async Task The_token_and_the_secret_never_appear_in_the_logs()
    {
        await using var rig = await TeamsRig.StartAsync();
        await Post(rig);
        rig.Fake.RevokeTokens();
        await Post(rig);
        rig.Fake.FailNext(403, code: "BotNotInConversationRoster", message: "gone");
        await Assert.ThrowsAsync<ChannelException>(() => Post(rig));

        Assert.Equal(2, rig.Fake.IssuedTokens.Count);
        Assert.Contains("Authorization: *", rig.AllLogs, StringComparison.Ordinal); // HttpClient logged the headers, redacted.
        foreach (var token in rig.Fake.IssuedTokens)
        {
            Assert.DoesNotContain(token, rig.AllLogs, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(Fakes.FakeConnector.AppPassword, rig.AllLogs, StringComparison.Ordinal);
    }

    private static Task<MessageRef> Post(TeamsRig rig) => rig.Channel.PostAsync(TeamsChannelTests.Triage(rig), TeamsChannelTests.Card("New case"), None);
}
