using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SupportBot.Core.Channels;
using SupportBot.Local;
using SupportBot.Outbox;
using SupportBot.Scheduling;
using SupportBot.Tests.Escalation;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Outbox;

/// <summary>
/// The real app and its own background dispatcher, one lane at a time, with the workspace's channel
/// wrapped so that a page's answer can be held: an acknowledgement commits while a page is in the
/// dispatcher's hands and another, read in the same pass, waits behind it.
/// </summary>
public sealed class DeliveryClassPageAckTests : IDisposable
{
    private const string AgentsPaged = """
        escalation:
          - id: severity-1
            severities: [sev1]
            levels:
              - { name: "Agents", trigger: { elapsed: 1m }, role: agents, ack_timeout: 5m, repeats: 2 }
        """;

    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-page-ack-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task No_page_is_sent_more_than_a_second_after_its_acknowledgement_committed()
    {
        var policy = Path.Combine(folder, "policy.yml");
        await File.WriteAllTextAsync(policy, EscalationScenario.WithEscalation(AgentsPaged));
        var clock = new TestClock(T0);
        HoldingChannel? holding = null;
        await using var host = await TestHost.StartAsync(Path.Combine(folder, "supportbot.db"), clock, policy,
            new Dictionary<string, string?> { ["SupportBot:Outbox:Parallelism"] = "1" },
            s =>
            {
                s.RemoveAll<IChatChannel>();
                s.AddSingleton<IChatChannel>(sp => holding = new HoldingChannel(sp.GetRequiredService<LocalChannel>()));
            });
        var db = new HostDb(Path.Combine(folder, "supportbot.db"));
        await LocalPeople.ReportAsync(host, "rita", "Everything is down");
        await SettleAsync(db);

        var release = new TaskCompletionSource();
        holding!.HoldNextPage(release.Task);
        clock.Advance(TimeSpan.FromMinutes(2));
        await host.Get<TimerSweeper>().SweepAsync(CancellationToken.None);
        Assert.Equal(2, db.Count("SELECT count(*) FROM outbox WHERE delivery = 'at-least-once'"));
        var held = await holding.Held.WaitAsync(TimeSpan.FromSeconds(30));
        var other = held == "agent-1" ? "agent-2" : "agent-1";

        long acknowledged;
        try
        {
            var ack = await host.PostAsync(LocalPeople.Click(held, $"dm:{held}", "escalation.ack",
                new() { ["case"] = db.Text("SELECT id FROM cases")!, ["level"] = "1" }));
            acknowledged = TimeProvider.System.GetTimestamp();
            Assert.Equal("ReplaceCard", ack.Reply);
            await Task.Delay(TimeSpan.FromSeconds(1.5));
        }
        finally
        {
            release.SetResult();
        }
        await SettleAsync(db);

        Assert.All(holding.PagesSent, p => Assert.True(TimeProvider.System.GetElapsedTime(acknowledged, p.At) <= TimeSpan.FromSeconds(1),
            $"a page to {p.To} went out {TimeProvider.System.GetElapsedTime(acknowledged, p.At)} after the acknowledgement"));
        Assert.Equal([held], holding.PagesSent.Select(p => p.To));
        Assert.Equal("cancelled", db.Text("SELECT status FROM outbox WHERE delivery = 'at-least-once' AND lane = @lane", new { lane = $"local:dm:{other}" }));
        Assert.DoesNotContain(host.Get<LocalChannel>().Messages(LocalConversation.DirectId(other)), m => m.Template == "page");
    }

    /// <summary>Waits until the background dispatcher has nothing left to send now.</summary>
    private static async Task SettleAsync(HostDb db)
    {
        var deadline = TimeProvider.System.GetTimestamp() + TimeProvider.System.TimestampFrequency * 20;
        while (db.Count("SELECT count(*) FROM outbox WHERE status = 'pending'") > 0 && TimeProvider.System.GetTimestamp() < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(0, db.Count("SELECT count(*) FROM outbox WHERE status = 'pending'"));
    }

    /// <summary>The workspace's channel, recording when each page went out and holding one page's answer on request.</summary>
    private sealed class HoldingChannel(LocalChannel inner) : IChatChannel
    {
        private readonly ConcurrentQueue<(string To, long At)> pages = new();
        private readonly TaskCompletionSource<string> held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task? hold;

        public ChannelKind Kind => inner.Kind;

        public IReadOnlyList<(string To, long At)> PagesSent => [.. pages];

        /// <summary>Completes with the person whose page is being held.</summary>
        public Task<string> Held => held.Task;

        public void HoldNextPage(Task until) => hold = until;

        public async Task<MessageRef> SendDirectAsync(UserRef user, OutboundMessage message, CancellationToken ct)
        {
            if (message.Template != "page")
            {
                return await inner.SendDirectAsync(user, message, ct);
            }
            pages.Enqueue((user.Id, TimeProvider.System.GetTimestamp()));
            var sent = await inner.SendDirectAsync(user, message, ct);
            if (Interlocked.Exchange(ref hold, null) is { } until)
            {
                held.SetResult(user.Id);
                await until.WaitAsync(ct);
            }
            return sent;
        }

        public Task<MessageRef> PostAsync(ConversationRef conversation, OutboundMessage message, CancellationToken ct) => inner.PostAsync(conversation, message, ct);

        public Task UpdateAsync(MessageRef message, OutboundMessage replacement, CancellationToken ct) => inner.UpdateAsync(message, replacement, ct);

        public Task<ConversationRef> CreateChannelAsync(string name, string topic, CancellationToken ct) => inner.CreateChannelAsync(name, topic, ct);

        public Task InviteAsync(ConversationRef channel, IReadOnlyList<UserRef> users, CancellationToken ct) => inner.InviteAsync(channel, users, ct);

        public Task PinAsync(MessageRef message, CancellationToken ct) => inner.PinAsync(message, ct);

        public Task ArchiveAsync(ConversationRef channel, CancellationToken ct) => inner.ArchiveAsync(channel, ct);
    }
}
