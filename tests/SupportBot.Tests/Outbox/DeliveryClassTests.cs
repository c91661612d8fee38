using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Outbox;
using SupportBot.Slack.Api;
using SupportBot.Tests.Slack;

namespace SupportBot.Tests.Outbox;

/// <summary>
/// The real dispatcher delivering through SlackChannel to the loopback fake, which performs a call
/// and then answers too late (the client's timeout) or resets the connection: a send whose outcome
/// is unknown. Pages go again; everything else is abandoned rather than doubled.
/// </summary>
public sealed class DeliveryClassTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(2);
    private readonly OutboxFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task A_confirmation_whose_answer_timed_out_after_Slack_posted_it_is_abandoned_and_never_posted_twice()
    {
        await using var rig = await StartAsync();
        var triage = rig.Fake.AddChannel("triage");
        rig.Fake.AnswerNextLate("chat.postMessage", Task.Delay(Timeout.Infinite, None));
        using var dispatcher = f.Dispatcher([rig.Channel]);
        var id = await f.EnqueueAsync(Post(triage));

        await dispatcher.DeliverDueAsync(None);
        f.Clock.Advance(TimeSpan.FromHours(1));
        await dispatcher.DeliverDueAsync(None);

        var row = await f.RowAsync(id);
        Assert.Equal((OutboxEntry.Abandoned, "ambiguous: chat.postMessage: timeout"), (row.Status, row.LastError));
        Assert.Single(rig.Fake.Messages(triage));
        Assert.Single(rig.Fake.Calls("chat.postMessage"));
    }

    [Fact]
    public async Task A_page_whose_answer_timed_out_after_Slack_posted_it_is_sent_again_since_a_duplicate_beats_a_miss()
    {
        await using var rig = await StartAsync();
        rig.Fake.AddUser("U0L2", "l2-1");
        rig.Fake.AnswerNextLate("chat.postMessage", Task.Delay(Timeout.Infinite, None));
        using var dispatcher = f.Dispatcher([rig.Channel]);
        var id = await f.EnqueueAsync(Page("U0L2"));
        Assert.Equal(DeliveryClass.AtLeastOnce, (await f.RowAsync(id)).Delivery);

        await dispatcher.DeliverDueAsync(None);
        var waiting = await f.RowAsync(id);
        Assert.Equal((OutboxEntry.Pending, "chat.postMessage: timeout"), (waiting.Status, waiting.LastError));
        f.Clock.Advance(waiting.NextAttemptAt - f.Clock.GetUtcNow());
        await dispatcher.DeliverDueAsync(None);

        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(id)).Status);
        Assert.Equal(2, rig.Fake.Calls("chat.postMessage").Count(c => c.Args["text"]?.ToString() == "Page: SUP-000042"));
    }

    [Fact]
    public async Task A_confirmation_whose_connection_was_reset_after_Slack_posted_it_is_abandoned()
    {
        await using var rig = await StartAsync();
        var triage = rig.Fake.AddChannel("triage");
        rig.Fake.ResetAfterNext("chat.postMessage");
        using var dispatcher = f.Dispatcher([rig.Channel]);
        var id = await f.EnqueueAsync(Post(triage));

        await dispatcher.DeliverDueAsync(None);
        f.Clock.Advance(TimeSpan.FromHours(1));
        await dispatcher.DeliverDueAsync(None);

        var row = await f.RowAsync(id);
        Assert.Equal((OutboxEntry.Abandoned, "ambiguous: chat.postMessage: connection_failed"), (row.Status, row.LastError));
        Assert.Single(rig.Fake.Messages(triage));
    }

    /// <summary>
    /// Refusals Slack answers before acting (429, 503, request_timeout: the POST body never arrived)
    /// are retried; what it documents as possibly done (internal_error, fatal_error) and a gateway's
    /// 502/504 are not, for a confirmation.
    /// </summary>
    [Theory]
    [InlineData(429, null, false)]
    [InlineData(503, null, false)]
    [InlineData(500, null, false)]
    [InlineData(200, "request_timeout", false)]
    [InlineData(200, "service_unavailable", false)]
    [InlineData(502, null, true)]
    [InlineData(504, null, true)]
    [InlineData(200, "internal_error", true)]
    [InlineData(200, "fatal_error", true)]
    public async Task A_confirmation_is_retried_only_after_a_failure_that_shows_Slack_did_not_act(int status, string? error, bool ambiguous)
    {
        await using var rig = await StartAsync();
        var triage = rig.Fake.AddChannel("triage");
        rig.Fake.FailNext("chat.postMessage", status: status, retryAfter: status == 429 ? 1 : null, error: error);
        using var dispatcher = f.Dispatcher([rig.Channel]);
        var id = await f.EnqueueAsync(Post(triage));

        await dispatcher.DeliverDueAsync(None);
        f.Clock.Advance(TimeSpan.FromHours(1));
        await dispatcher.DeliverDueAsync(None);

        Assert.Equal(ambiguous ? OutboxEntry.Abandoned : OutboxEntry.Delivered, (await f.RowAsync(id)).Status);
        Assert.Equal(ambiguous ? 0 : 1, rig.Fake.Messages(triage).Count);
    }

    [Fact]
    public async Task An_edit_whose_answer_timed_out_is_retried_since_a_repeated_edit_changes_nothing_more()
    {
        await using var rig = await StartAsync();
        var triage = rig.Fake.AddChannel("triage");
        using var dispatcher = f.Dispatcher([rig.Channel]);
        await f.EnqueueAsync(OutboxFixture.Post("New case", new ConversationRef(ChannelKind.Slack, triage, IsDirect: false), "card"));
        await dispatcher.DeliverDueAsync(None);
        rig.Fake.AnswerNextLate("chat.update", Task.Delay(Timeout.Infinite, None));
        var id = await f.EnqueueAsync(new UpdateMessage("card", $"slack:{triage}", OutboxFixture.Card("Claimed")));

        await dispatcher.DeliverDueAsync(None);
        f.Clock.Advance(TimeSpan.FromHours(1));
        await dispatcher.DeliverDueAsync(None);

        Assert.Equal(OutboxEntry.Delivered, (await f.RowAsync(id)).Status);
        Assert.Equal(2, rig.Fake.Calls("chat.update").Count);
    }

    [Fact]
    public async Task A_connection_refused_never_reached_the_platform_and_a_timeout_may_have()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var http = new HttpClient();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://127.0.0.1:{port}/")));

        Assert.False(SendAmbiguity.AfterSending(refused));
        Assert.True(SendAmbiguity.AfterSending(new TaskCanceledException("timeout", new TimeoutException())));
    }

    private Task<SlackRig> StartAsync() => SlackRig.StartAsync(f.Clock, s =>
        s.AddHttpClient(SlackApiClient.ApiClientName).ConfigureHttpClient(c => c.Timeout = ClientTimeout));

    private static PostMessage Post(string channel) =>
        new(new ConversationRef(ChannelKind.Slack, channel, IsDirect: false), OutboxFixture.Card("Case SUP-000042 claimed"), null) { CaseNumber = "SUP-000042" };

    private static DirectMessage Page(string user) =>
        new(new UserRef(ChannelKind.Slack, user, "l2-1"), OutboxFixture.Card("Page: SUP-000042"), "case:c42:page:1:1:l2-1:slack")
        { CaseNumber = "SUP-000042", Delivery = DeliveryClass.AtLeastOnce };
}
