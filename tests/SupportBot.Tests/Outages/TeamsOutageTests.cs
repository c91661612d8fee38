using System.Net;
using SupportBot.Core.Channels;
using SupportBot.Outbox;
using SupportBot.Teams.Connector;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Teams.EndToEnd;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Tests.Outages;

/// <summary>
/// The Bot Connector fails for a minute (500s and 429s with Retry-After) on channel posts, card
/// updates, 1:1 chat creation and sends, while a storm of cases, claims and questions comes in
/// through the real app as signed activities; three reporters' chats fail for good.
/// </summary>
public sealed class TeamsOutageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly string[] Reporters = [.. Enumerable.Range(1, 10).Select(i => $"29:r{i:D2}")];

    // The last three reporters' chats are gone for good, each in one of Teams' ways (teams-protocol.md §5.4):
    // blocked (Teams' own 209 body), uninstalled (the Bot Framework ErrorResponse), and a chat that no longer exists.
    private static readonly (int Status, string Code, string Message)[] Gone =
    [
        (403, FakeConnector.MessageWritesBlocked, "Thread is blocked from message writes."),
        (403, "BotNotInConversationRoster", "The bot is not part of the conversation roster."),
        (404, "ConversationNotFound", "Conversation not found."),
    ];

    private readonly SteppingClock clock = new(Monday10Utc);
    private readonly InFlightRequests sending = new();
    private TeamsDriver teams = null!;
    private TestHost host = null!;
    private TeamsHost rig = null!;

    private HostDb Db => rig.Db;

    public async Task InitializeAsync()
    {
        // The dispatcher logs a warning per failed attempt: hundreds here, and none of them news.
        rig = await TeamsHost.StartAsync(clock, settings => settings["Logging:LogLevel:Default"] = "Error",
            services => sending.Register(services, TeamsConnectorClient.HttpClientName));
        (teams, host) = (rig.Teams, rig.Host);
    }

    public async Task DisposeAsync() => await rig.DisposeAsync();

    [Fact]
    public async Task After_a_minute_of_500s_and_429s_every_message_arrives_once_in_order_per_conversation_and_no_call_comes_before_its_retry_after()
    {
        var ledger = new OutboxLedger(Db);
        bool Idle() => sending.Count == 0 && teams.Connector.InFlight == 0;
        foreach (var user in Reporters)
        {
            teams.Connector.AddConversation(Chat(user));
        }

        // Before: ten cases, one per reporter, delivered while Teams is well.
        for (var i = 0; i < Reporters.Length; i++)
        {
            await ReportAsync(Reporters[i], $"Before {i}");
        }
        await Drain.UntilDeliveredAsync(clock, ledger, Idle, TimeSpan.FromMinutes(5));
        var cards = Db.Texts(
            "SELECT c.id || '|' || m.message_id FROM cases c JOIN message_refs m ON m.key = 'case:' || c.id || ':triage' ORDER BY c.number")
            .Select(row => row.Split('|')).ToList();
        Assert.Equal(10, cards.Count);

        var start = clock.GetUtcNow();
        // A request past the app's check when the clock stepped arrives one step after the 429 it could not know about.
        var faults = new FaultSchedule(clock) { Grace = TimeSpan.FromSeconds(1) };
        var failing = new Fault(start, start.AddMinutes(1), 500);
        var throttling = new Fault(start, start.AddMinutes(1), 429, RetryAfter: 7);
        faults.Add(failing).Add(throttling);
        for (var i = 0; i < Gone.Length; i++)
        {
            var (status, code, message) = Gone[i];
            faults.Add(new Fault(start, DateTimeOffset.MaxValue, status, Code: code, Message: message, Target: Chat(Reporters[7 + i])));
        }
        teams.Connector.Faults = faults;

        // The storm, spread over the outage: twenty new cases, every card claimed, a question from each reporter.
        // A lane's first call in the outage is the one that meets it: a new card in the channel, and in the chats
        // either the answer to the question (a send) or, claim first, the first DM (a create).
        for (var i = 0; i < Reporters.Length; i++)
        {
            var user = Reporters[i];
            await ReportAsync(user, $"During {i}a");
            if (i % 2 == 0)
            {
                await ClaimAsync(cards[i]);
                await AskAsync(user, $"status SUP-{i + 1:D6}");
            }
            else
            {
                await AskAsync(user, $"status SUP-{i + 1:D6}");
                await ClaimAsync(cards[i]);
            }
            await Drain.StepAsync(clock, TimeSpan.FromSeconds(2), Idle);
            await ReportAsync(user, $"During {i}b");
            await Drain.StepAsync(clock, TimeSpan.FromSeconds(2), Idle);
        }
        Assert.True(clock.GetUtcNow() < start.AddMinutes(1), "the storm came during the outage");
        await Drain.UntilDeliveredAsync(clock, ledger, Idle, TimeSpan.FromMinutes(45));

        Assert.Equal(30, Db.Count("SELECT count(*) FROM cases"));
        Assert.True(faults.Answered(failing) > 0 && faults.Answered(throttling) > 0, "the outage answered both 500s and 429s");
        Assert.True(faults.EarlyRequests.Count == 0, string.Join("\n", faults.EarlyRequests));
        var met = teams.Connector.Requests.Where(r => r.FailedWith is 500 or 429).Select(r => $"{r.Operation} {Place(r.Conversation)}").ToHashSet();
        // The outbox's own card updates wait behind the new cards in the channel's lane; the click's update meets the outage.
        Assert.Superset(new HashSet<string> { "send channel", "update reply chain", "create new chat", "send chat" }, met);

        var expected = ledger.Expected(u => Chat(u.Id), m => m.Text);
        var received = teams.Connector.Writes.GroupBy(w => w.Conversation).ToDictionary(g => g.Key, g => g.Select(w => w.Text ?? "").ToList());
        Assert.Equal(expected.Keys.Order(), received.Keys.Order());
        foreach (var (conversation, texts) in expected)
        {
            Assert.Equal(texts, received[conversation]);
        }

        var dead = ledger.Dead();
        Assert.All(dead, d => Assert.Equal(Reason(GoneIndex(d.Lane)), d.Reason));
        Assert.All(Reporters[7..], u => Assert.Contains(dead, d => Reporters[7 + GoneIndex(d.Lane)] == u));
        var triage = new ConversationRef(ChannelKind.Teams, TeamsDriver.Triage, IsDirect: false, teams.Connector.ServiceUrl);
        var notices = dead.Select(d => DeadLetterNotice.For(d, triage).Message.Text).Order(StringComparer.Ordinal);
        Assert.Equal(notices, received[TeamsDriver.Triage].Where(t => t.Contains("could not be delivered", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    /// <summary>Which of <see cref="Gone"/> a dead row's lane (the reporter's direct lane, or their chat's) belongs to.</summary>
    private static int GoneIndex(string lane)
    {
        var index = Array.FindIndex(Reporters[7..], u => lane.EndsWith(u, StringComparison.Ordinal));
        Assert.True(index >= 0, $"{lane} died, but only the last three reporters' chats are gone");
        return index;
    }

    private static string Place(string? conversation) =>
        conversation is null ? "new chat"
        : conversation.StartsWith("a:", StringComparison.Ordinal) ? "chat"
        : conversation.Contains(";messageid=", StringComparison.Ordinal) ? "reply chain"
        : "channel";

    private static string Reason(int gone) => $"Teams send: {Gone[gone].Status} {Gone[gone].Code}: {Gone[gone].Message}";

    // What the fake answers a create-conversation with, and so the chat each reporter writes from.
    private static string Chat(string user) => $"a:{user}";

    private static string Name(string user) => $"Reporter {user[3..]}";

    private async Task ClaimAsync(string[] card) =>
        await teams.InvokeAsync(teams.InChannel(TeamsDriver.Invoke("case.claim", new() { ["case"] = card[0] }), card[1], "29:agent", "Example Agent"));

    private async Task AskAsync(string user, string text)
    {
        using var asked = await teams.SendAsync(teams.PersonalFrom(TeamsDriver.Message(text), user, Name(user), Chat(user)));
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
    }

    private Task ReportAsync(string user, string title) =>
        teams.ReportAsync(user, Name(user), Chat(user), new(LocalPeople.Severity1Answers(title)) { ["impact"] = "single-customer" });
}
