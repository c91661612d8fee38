using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Tests.Slack.Fakes;

namespace SupportBot.Tests.Slack.EndToEnd;

/// <summary>
/// Slack delivers events at least once (slack-protocol §2.4–2.5): a retry carries the same event_id
/// and is handled once; the bot's own messages come back as events too and are nothing.
/// </summary>
public sealed class SlackRetryTests
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_direct_message_delivered_again_with_the_same_event_id_is_handled_once_and_answered_once()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        var dm = await bot.OpenDirectAsync("U0RITA");
        var message = bot.DirectMessageEvent("Ev0RETRY1", "U0RITA", dm, "the wifi is down in Paris");

        using var first = await bot.PostEventAsync(message);
        bot.Clock.Advance(TimeSpan.FromSeconds(4));
        using var retry = await bot.PostEventAsync(message, retryNum: 1, retryReason: "http_timeout");
        await bot.DeliverAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(1, bot.Db.Count("SELECT count(*) FROM inbound_events"));
        Assert.Equal(1, bot.Db.Count("SELECT count(*) FROM outbox"));
        Assert.Equal(1, bot.Db.Count("SELECT count(*) FROM outbox WHERE status = 'delivered'"));
        var reply = Assert.Single(bot.Slack.Messages(dm));
        Assert.Equal(FakeSlack.BotUserId, reply.User);
        Assert.Contains("intake.start#", reply.Blocks!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Report a problem", reply.Blocks!.ToJsonString(), StringComparison.Ordinal);
        Assert.Single(bot.Slack.Calls("chat.postMessage"));
    }

    [Fact]
    public async Task A_retry_whose_first_delivery_never_arrived_is_handled()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        var dm = await bot.OpenDirectAsync("U0RITA");

        // The retry header alone is no reason to skip: the first attempt may have failed before it reached us.
        using var retry = await bot.PostEventAsync(bot.DirectMessageEvent("Ev0RETRY2", "U0RITA", dm, "printer jam"), retryNum: 2, retryReason: "connection_failed");
        await bot.DeliverAsync();

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(1, bot.Db.Count("SELECT count(*) FROM inbound_events"));
        Assert.Single(bot.Slack.Messages(dm));
    }

    [Fact]
    public async Task Two_messages_with_different_event_ids_are_two_events()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        var dm = await bot.OpenDirectAsync("U0RITA");

        using var one = await bot.PostEventAsync(bot.DirectMessageEvent("Ev0ONE", "U0RITA", dm, "the wifi is down"));
        using var two = await bot.PostEventAsync(bot.DirectMessageEvent("Ev0TWO", "U0RITA", dm, "still down"));
        await bot.DeliverAsync();

        Assert.Equal(2, bot.Db.Count("SELECT count(*) FROM inbound_events"));
        Assert.Equal(2, bot.Slack.Messages(dm).Count);
    }

    [Fact]
    public async Task An_event_redelivered_over_Socket_Mode_is_acknowledged_each_time_and_handled_once()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc, socketMode: true);
        await bot.Slack.WaitForConnectionsAsync(1).WaitAsync(SlackDriver.StepDeadline);
        var dm = await bot.OpenDirectAsync("U0RITA");
        using var counted = new InboundCounter(bot.Host.Services);
        var message = bot.DirectMessageEvent("Ev0SOCKET1", "U0RITA", dm, "the wifi is down");

        var first = await bot.Slack.SendEnvelopeAsync("events_api", message, acceptsResponsePayload: false).WaitAsync(SlackDriver.StepDeadline);
        var again = await bot.Slack.SendEnvelopeAsync("events_api", message, acceptsResponsePayload: false).WaitAsync(SlackDriver.StepDeadline);
        // Events are acknowledged before they are handled: wait until the app has counted both.
        await counted.WaitAsync(handled: 1, duplicates: 1).WaitAsync(SlackDriver.StepDeadline);
        await bot.DeliverAsync();

        Assert.Null(first["payload"]);
        Assert.Null(again["payload"]);
        Assert.Equal(1, bot.Db.Count("SELECT count(*) FROM inbound_events"));
        Assert.Single(bot.Slack.Messages(dm));
    }

    public static TheoryData<string, string?> BotMessages => new()
    {
        // Our own reply, echoed back as message.im: Slack sets both the bot's user and its bot_id.
        { FakeSlack.BotUserId, FakeSlack.BotId },
        // Our user id alone (no bot_id): still ours.
        { FakeSlack.BotUserId, null },
        // Another app's bot in the DM.
        { "U0OTHERBOT", "B0OTHER" },
    };

    [Theory]
    [MemberData(nameof(BotMessages))]
    public async Task A_message_from_a_bot_produces_nothing(string user, string? botId)
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        var dm = await bot.OpenDirectAsync("U0RITA");
        var calls = bot.Slack.Calls().Count;

        using var response = await bot.PostEventAsync(bot.DirectMessageEvent("Ev0BOT1", user, dm, "I can open a support case for that: press Report a problem.", botId: botId));
        await bot.DeliverAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, bot.Db.Count("SELECT count(*) FROM inbound_events"));
        Assert.Equal(0, bot.Db.Count("SELECT count(*) FROM outbox"));
        Assert.Equal(0, bot.Db.Count("SELECT count(*) FROM intake_sessions"));
        Assert.Empty(bot.Slack.Messages(dm));
        Assert.Equal(calls, bot.Slack.Calls().Count);
    }

    /// <summary>
    /// Counts the app's own inbound and duplicate counters (on its meter, so other tests' hosts do not
    /// count), to know when an event acknowledged before it was handled has been handled.
    /// </summary>
    private sealed class InboundCounter : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly Lock gate = new();
        private readonly List<(int Handled, int Duplicates, TaskCompletionSource Done)> waiters = [];
        private int handled;
        private int duplicates;

        public InboundCounter(IServiceProvider services)
        {
            var scope = services.GetRequiredService<IMeterFactory>();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == scope && instrument.Name is "supportbot_inbound_events_total" or "supportbot_inbound_duplicates_total")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Count(instrument.Name, value));
            listener.Start();
        }

        public Task WaitAsync(int handled, int duplicates)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (gate)
            {
                waiters.Add((handled, duplicates, done));
                Release();
            }
            return done.Task;
        }

        public void Dispose() => listener.Dispose();

        private void Count(string name, long value)
        {
            lock (gate)
            {
                if (name == "supportbot_inbound_events_total")
                {
                    handled += (int)value;
                }
                else
                {
                    duplicates += (int)value;
                }
                Release();
            }
        }

        private void Release()
        {
            foreach (var waiter in waiters.Where(w => handled >= w.Handled && duplicates >= w.Duplicates).ToList())
            {
                waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }
}
