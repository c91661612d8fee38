using System.Text.Json.Nodes;
using NodaTime;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Core.OnCall;
using SupportBot.Core.Tests.OnCall;

namespace SupportBot.Core.Tests.Engine;

/// <summary>Who the follow-the-sun hand-off summary reaches, and where, and which open cases it shows and counts.</summary>
public sealed class HandoffTests
{
    /// <summary>Monday 08:30 in London: the EMEA manager starts at 09:00.</summary>
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 8, 30);

    [Fact]
    public void The_hand_off_summary_goes_to_the_account_the_policy_lists_and_by_email_to_a_chat_platform_it_lists_none_for()
    {
        var policy = TestPolicy.Create() with
        {
            People = new Contacts([ExampleContacts.Emea],
                [new Role(Actor.ManagersRole, "Managers", [ExampleContacts.Emea.Id], RoleSelection.FollowTheSun, null, null)], []),
        };
        var bot = new EngineDriver(T0, policy, new Desk(TestPolicy.Triage, null) { Platforms = [ChannelKind.Local, ChannelKind.Slack] });
        bot.State.Apply(bot.Engine.Start(T0), T0);

        bot.Now = T0 + Duration.FromMinutes(30);
        var summaries = bot.FireDue().SelectMany(s => s.Outbox).OfType<DirectMessage>().Where(d => d.Message.Template == Cards.Queue).ToList();

        Assert.Equal(["local:manager-2", "slack:email:manager-2@example.com"], summaries.Select(d => d.To.Key).Order(StringComparer.Ordinal));
        Assert.All(summaries, d => Assert.Equal("Example Manager EMEA", d.To.Name));
    }
    [Fact]
    public void The_hand_off_card_shows_the_first_25_open_cases_of_the_managers_region_and_of_none_in_queue_order_and_counts_them_all()
    {
        var bot = HandingOffTo(ExampleContacts.Emea with { Region = "emea" });
        // A blank answer is no region, as CaseRecord.Region reads it.
        var cases = OpenCases(bot, 80, i => ((string?[])["emea", "apac", null, " "])[i % 4]);

        var card = Summary(bot);

        var expected = QueueOrder(bot, cases.Where(c => c.Region is null or "emea"));
        Assert.True(expected.Count > CardData.QueueCardLimit + 5);
        Assert.Equal(expected.Take(CardData.QueueCardLimit).Select(c => c.Number), Numbers(card));
        Assert.Equal(expected.Count, card["count"]!.GetValue<int>());
        Assert.Equal(expected.Count - CardData.QueueCardLimit, card["more"]!.GetValue<int>());
        Assert.Equal("Handing over to you: open cases in emea", card["title"]!.GetValue<string>());
    }

    [Fact]
    public void A_manager_of_no_region_is_handed_the_head_of_every_open_case_and_their_count()
    {
        var bot = HandingOffTo(ExampleContacts.Emea);
        var cases = OpenCases(bot, 40, i => i % 2 == 0 ? "apac" : null);

        var card = Summary(bot);

        var expected = QueueOrder(bot, cases);
        Assert.Equal(expected.Take(CardData.QueueCardLimit).Select(c => c.Number), Numbers(card));
        Assert.Equal(expected.Count, card["count"]!.GetValue<int>());
        Assert.Equal("Handing over to you: open cases", card["title"]!.GetValue<string>());
    }

    /// <summary>A desk whose only follow-the-sun manager is <paramref name="manager"/>, starting at 09:00 London.</summary>
    private static EngineDriver HandingOffTo(Person manager)
    {
        var policy = TestPolicy.Create() with
        {
            People = new Contacts([manager], [new Role(Actor.ManagersRole, "Managers", [manager.Id], RoleSelection.FollowTheSun, null, null)], []),
        };
        var bot = new EngineDriver(T0, policy);
        bot.State.Apply(bot.Engine.Start(T0), T0);
        return bot;
    }

    /// <summary><paramref name="count"/> cases of every severity received in a shuffled order over the night, every fifth one closed or resolved.</summary>
    private static List<CaseRecord> OpenCases(EngineDriver bot, int count, Func<int, string?> region)
    {
        var step = new EngineStep();
        foreach (var i in Enumerable.Range(0, count))
        {
            var at = T0 - Duration.FromMinutes(1 + ((i * 37) % count));
            var answers = region(i) is { } r ? new Dictionary<string, string> { ["region"] = r } : [];
            step.Cases.Add(new CaseChange(new CaseRecord
            {
                Id = $"case-{i:D3}",
                Number = $"SUP-{i:D6}",
                Status = i % 5 == 0 ? (i % 10 == 0 ? CaseStatus.Closed : CaseStatus.Resolved) : CaseStatus.New,
                SeverityId = bot.Policy.Severities[i % bot.Policy.Severities.Count].Id,
                SeverityReason = "test",
                Reporter = TestPolicy.Reporter,
                ReportedIn = EngineDriver.Dm(TestPolicy.Reporter),
                Answers = answers,
                OpenedAt = at,
                ResponseDueAt = at + Duration.FromHours(4),
            }, 0, []));
        }
        bot.State.Apply(step, bot.Now);
        return [.. step.Cases.Select(c => c.Case)];
    }

    private static JsonObject Summary(EngineDriver bot)
    {
        bot.Now = T0 + Duration.FromMinutes(30);
        return Assert.Single(bot.FireDue().SelectMany(s => s.Outbox).OfType<DirectMessage>(), d => d.Message.Template == Cards.Queue).Message.Data;
    }

    /// <summary>The open ones of <paramref name="cases"/>, by severity, then time of receipt.</summary>
    private static List<CaseRecord> QueueOrder(EngineDriver bot, IEnumerable<CaseRecord> cases) =>
        [.. cases.Where(c => c.IsOpen).OrderBy(c => bot.Policy.Rank(c.SeverityId)).ThenBy(c => c.OpenedAt)];

    private static IEnumerable<string> Numbers(JsonObject card) => card["cases"]!.AsArray().Select(c => c!["number"]!.GetValue<string>());
}
