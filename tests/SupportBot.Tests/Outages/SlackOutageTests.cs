using SupportBot.Core.Channels;
using SupportBot.Outbox;
using SupportBot.Slack.Api;
using SupportBot.Slack.BlockKit;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Slack.EndToEnd;

namespace SupportBot.Tests.Outages;

/// <summary>
/// Slack's Web API fails for a minute (500s and 429s with Retry-After) while a storm of cases,
/// claims and questions comes in through the real app; three reporters' DMs fail for good.
/// </summary>
public sealed class SlackOutageTests
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly string[] Outbound = ["chat.", "conversations."];
    private static readonly string[] Reporters = [.. Enumerable.Range(1, 10).Select(i => $"U0R{i:D2}")];

    // The last three reporters' DMs are gone for good, each in one of Slack's ways.
    private static readonly string[] PermanentErrors = ["channel_not_found", "is_archived", "not_in_channel"];

    [Fact]
    public async Task After_a_minute_of_500s_and_429s_every_message_arrives_once_in_order_per_conversation_and_no_call_comes_before_its_retry_after()
    {
        var clock = new SteppingClock(Monday10Utc);
        var sending = new InFlightRequests();
        await using var bot = await SlackDriver.StartAsync(Monday10Utc, Quiet, services: s => sending.Register(s, SlackApiClient.ApiClientName), time: clock);
        var ledger = new OutboxLedger(bot.Db);
        bool Idle() => sending.Count == 0 && bot.Slack.InFlight == 0;
        var dms = new Dictionary<string, string>();
        foreach (var user in Reporters)
        {
            bot.Slack.AddUser(user, user.ToLowerInvariant());
            dms[user] = await bot.OpenDirectAsync(user);
        }

        // Before: ten cases, one per reporter, delivered while Slack is well.
        for (var i = 0; i < Reporters.Length; i++)
        {
            await bot.ReportAsync(Reporters[i], dms[Reporters[i]], Severity3($"Before {i}"));
        }
        await Drain.UntilDeliveredAsync(clock, ledger, Idle, TimeSpan.FromMinutes(5));
        var cards = bot.Slack.Messages(bot.Triage);
        Assert.Equal(10, cards.Count);

        var start = clock.GetUtcNow();
        // A request past the app's check when the clock stepped arrives one step after the 429 it could not know about.
        var faults = new FaultSchedule(clock) { Grace = TimeSpan.FromSeconds(1) };
        var failing = new Fault(start, start.AddMinutes(1), 500, Operations: Outbound);
        var throttling = new Fault(start, start.AddMinutes(1), 429, RetryAfter: 7, Operations: Outbound);
        faults.Add(failing).Add(throttling);
        for (var i = 0; i < PermanentErrors.Length; i++)
        {
            faults.Add(new Fault(start, DateTimeOffset.MaxValue, 200, Code: PermanentErrors[i], Target: dms[Reporters[7 + i]]));
        }
        bot.Slack.Faults = faults;

        // The storm, spread over the outage: every card claimed, twenty new cases, a question from each reporter.
        for (var i = 0; i < Reporters.Length; i++)
        {
            var user = Reporters[i];
            await bot.ClickInMessageAsync("U0AGENT", bot.Triage, cards[i].Ts, "case.claim");
            await bot.ReportAsync(user, dms[user], Severity3($"During {i}a"));
            await Drain.StepAsync(clock, TimeSpan.FromSeconds(2), Idle);
            using var asked = await bot.PostEventAsync(bot.DirectMessageEvent($"Ev0Q{i}", user, dms[user], $"status SUP-{i + 1:D6}"));
            await bot.ReportAsync(user, dms[user], Severity3($"During {i}b"));
            await Drain.StepAsync(clock, TimeSpan.FromSeconds(2), Idle);
        }
        Assert.True(clock.GetUtcNow() < start.AddMinutes(1), "the storm came during the outage");
        await Drain.UntilDeliveredAsync(clock, ledger, Idle, TimeSpan.FromMinutes(45));

        Assert.Equal(30, bot.Db.Count("SELECT count(*) FROM cases"));
        Assert.True(faults.Answered(failing) > 0 && faults.Answered(throttling) > 0, "the outage answered both 500s and 429s");
        Assert.True(faults.EarlyRequests.Count == 0, string.Join("\n", faults.EarlyRequests));

        var translator = bot.Host.Get<SlackCardTranslator>();
        var expected = ledger.Expected(u => dms[u.Id], m => translator.Message(m).Text);
        var received = bot.Slack.Writes().GroupBy(w => w.Channel).ToDictionary(g => g.Key, g => g.Select(w => w.Text ?? "").ToList());
        Assert.Equal(expected.Keys.Order(), received.Keys.Order());
        foreach (var (conversation, texts) in expected)
        {
            Assert.Equal(texts, received[conversation]);
        }

        var dead = ledger.Dead();
        var gone = Reporters[7..].SelectMany(u => new[] { u, dms[u] }).ToHashSet();
        Assert.All(dead, d => Assert.Contains(d.Lane.Split(':')[^1], gone));
        Assert.All(Reporters[7..], u => Assert.Contains(dead, d => d.Lane.EndsWith(u, StringComparison.Ordinal) || d.Lane.EndsWith(dms[u], StringComparison.Ordinal)));
        Assert.All(dead, d => Assert.Matches("^chat.postMessage: (channel_not_found|is_archived|not_in_channel)$", d.Reason));
        var triage = new ConversationRef(ChannelKind.Slack, bot.Triage, IsDirect: false);
        var notices = dead.Select(d => translator.Message(DeadLetterNotice.For(d, triage).Message).Text).Order(StringComparer.Ordinal);
        Assert.Equal(notices, received[bot.Triage].Where(t => t.Contains("could not be delivered", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    private static Dictionary<string, string> Severity3(string title) =>
        new(LocalPeople.Severity1Answers(title)) { ["impact"] = "single-customer" };

    // The dispatcher logs a warning per failed attempt: hundreds here, and none of them news.
    private static readonly Dictionary<string, string?> Quiet = new() { ["Logging:LogLevel:Default"] = "Error" };
}
