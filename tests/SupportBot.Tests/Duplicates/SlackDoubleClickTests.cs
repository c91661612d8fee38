using SupportBot.Scheduling;
using SupportBot.Tests.Escalation;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Slack.EndToEnd;

namespace SupportBot.Tests.Duplicates;

/// <summary>
/// A double-click in Slack is two interactions with their own action_ts, so event de-duplication does
/// not catch it: the case does. Claim and Acknowledge clicked twice, one after the other and at the
/// same moment, through the real app on a SQLite file: one event, one set of message updates, and the
/// second click is told, only them, that it is already done.
/// </summary>
public sealed class SlackDoubleClickTests
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The EMEA manager (manager-2) is at work at 10:30 UTC on a Monday: level 1 pages them after 30 minutes.</summary>
    private const string ManagersFirst = """
        escalation:
          - id: severity-1
            severities: [sev1]
            levels:
              - { name: "Escalation manager", trigger: { elapsed: 30m }, role: managers, ack_timeout: 15m }
        """;

    [Fact]
    public async Task Claim_clicked_twice_in_a_row_claims_once_and_the_second_click_is_told_privately()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        await bot.JoinAsync(bot.Triage, "U0AGENT");
        var card = await ReportAsync(bot, "Wifi down in Paris");
        var seen = Message(bot, bot.Triage, card);

        await bot.ClickAsync("U0AGENT", seen, "case.claim");
        await bot.DeliverAsync();
        var updates = Updates(bot, bot.Triage, card);
        var calls = bot.Slack.Calls().Count;
        await bot.ClickAsync("U0AGENT", seen, "case.claim");
        await bot.DeliverAsync();

        Assert.Equal(1, bot.Db.Count("SELECT count(*) FROM case_events WHERE type = 'claimed'"));
        Assert.Equal(updates, Updates(bot, bot.Triage, card));
        Assert.Equal(["chat.postEphemeral"], bot.Slack.Calls().Skip(calls).Select(c => c.Method));
        var told = Assert.Single(bot.Slack.Ephemerals());
        Assert.Equal(("U0AGENT", "SupportBot: You already own SUP-000001."), (told.User, told.Text));
        Assert.Single(ReporterNews(bot, "amy is working on your case"));
    }

    [Fact]
    public async Task Claim_clicked_twice_at_once_claims_once_with_as_many_updates_as_a_single_click()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        await bot.JoinAsync(bot.Triage, "U0AGENT");
        var single = await ReportAsync(bot, "Printer jam");
        var doubled = await ReportAsync(bot, "Wifi down in Paris");
        await bot.ClickAsync("U0AGENT", Message(bot, bot.Triage, single), "case.claim");
        await bot.DeliverAsync();

        var seen = Message(bot, bot.Triage, doubled);
        await Task.WhenAll(bot.ClickAsync("U0AGENT", seen, "case.claim"), bot.ClickAsync("U0AGENT", seen, "case.claim"));
        await bot.DeliverAsync();

        Assert.Equal(1, bot.Db.Count("SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.number = 'SUP-000002' AND e.type = 'claimed'"));
        Assert.Equal(Updates(bot, bot.Triage, single), Updates(bot, bot.Triage, doubled));
        var told = Assert.Single(bot.Slack.Ephemerals());
        Assert.Equal(("U0AGENT", "SupportBot: You already own SUP-000002."), (told.User, told.Text));
    }

    [Fact]
    public async Task Acknowledge_clicked_twice_in_a_row_and_at_once_acknowledges_once()
    {
        var folder = Directory.CreateTempSubdirectory("supportbot-ack-").FullName;
        var policy = Path.Combine(folder, "policy.yml");
        await File.WriteAllTextAsync(policy, EscalationScenario.WithEscalation(ManagersFirst));
        await using var bot = await SlackDriver.StartAsync(Monday10Utc, new Dictionary<string, string?> { ["SupportBot:Policy:Path"] = policy });
        bot.Slack.AddUser("U0MIRA", "mira", email: "manager2@example.com");
        await ReportAsync(bot, "Wifi down in Paris");
        await ReportAsync(bot, "Wifi down in Lyon");
        bot.Clock.Advance(TimeSpan.FromMinutes(30));
        await bot.Host.Get<TimerSweeper>().SweepAsync(CancellationToken.None);
        await bot.DeliverAsync();
        var dm = bot.Slack.DirectChannelOf("U0MIRA")!;
        var seen = bot.Slack.Messages(dm);
        Assert.Equal(2, seen.Count);
        var pages = seen.Select(m => m.Ts).ToList();

        await bot.ClickAsync("U0MIRA", seen[0], "escalation.ack");
        await bot.DeliverAsync();
        var updates = Updates(bot, dm, pages[0]);
        await bot.ClickAsync("U0MIRA", seen[0], "escalation.ack");
        await Task.WhenAll(bot.ClickAsync("U0MIRA", seen[1], "escalation.ack"), bot.ClickAsync("U0MIRA", seen[1], "escalation.ack"));
        await bot.DeliverAsync();

        Assert.Equal(2, bot.Db.Count("SELECT count(*) FROM case_events WHERE type = 'page-acknowledged'"));
        Assert.Equal(2, bot.Db.Count("SELECT count(DISTINCT case_id) FROM case_events WHERE type = 'page-acknowledged'"));
        Assert.Equal(updates, Updates(bot, dm, pages[0]));
        Assert.Equal(updates, Updates(bot, dm, pages[1]));
        Assert.Equal(2, bot.Slack.Ephemerals().Count);
        Assert.All(bot.Slack.Ephemerals(), e => Assert.Equal("U0MIRA", e.User));
        Assert.All(bot.Slack.Ephemerals(), e => Assert.StartsWith("SupportBot: You acknowledged this at", e.Text, StringComparison.Ordinal));
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Rita reports through the modal; returns the ts of the case's card in triage.</summary>
    private static async Task<string> ReportAsync(SlackDriver bot, string title)
    {
        var before = bot.Slack.Messages(bot.Triage).Select(m => m.Ts).ToHashSet();
        await bot.ReportAsync("U0RITA", "D0RITA", LocalPeople.Severity1Answers(title));
        await bot.DeliverAsync();
        return Assert.Single(bot.Slack.Messages(bot.Triage), m => !before.Contains(m.Ts) && m.Text?.Contains(title, StringComparison.Ordinal) == true).Ts;
    }

    private static Slack.Fakes.FakeMessage Message(SlackDriver bot, string channel, string ts) => bot.Slack.Messages(channel).Single(m => m.Ts == ts);

    /// <summary>chat.update calls on one message: each redraw for everyone.</summary>
    private static int Updates(SlackDriver bot, string channel, string ts) =>
        bot.Slack.Calls("chat.update").Count(c => c.Args["channel"]?.ToString() == channel && c.Args["ts"]?.ToString() == ts);

    private static List<string> ReporterNews(SlackDriver bot, string text)
    {
        var dm = bot.Slack.DirectChannelOf("U0RITA")!;
        return [.. bot.Slack.Messages(dm).Select(m => m.Text ?? "").Where(t => t.Contains(text, StringComparison.Ordinal))];
    }
}
