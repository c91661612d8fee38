using System.Text.Json.Nodes;
using SupportBot.Slack.Api;
using SupportBot.Slack.BlockKit;
using SupportBot.Slack.Inbound;
using SupportBot.Tests.Hosting;
using static SupportBot.Tests.Corpus.HostileTextTests;
using static SupportBot.Tests.Slack.SlackEphemeralRestTests;

namespace SupportBot.Tests.Slack.EndToEnd;

/// <summary>
/// <c>/support status</c> of a case whose log is too long for one message, through the real app over signed HTTP:
/// the ack carries the first part with a note that the rest follows below, and the rest arrives after it at the
/// command's response_url, for the person who typed it only.
/// </summary>
public sealed class SlackLongAnswerTests
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_slash_commands_answer_too_long_for_one_message_continues_at_its_response_url_whole_and_in_order()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        var general = bot.Slack.AddChannel("general", members: ["U0AGENT", "U0RITA"]);
        await bot.ReportAsync("U0RITA", "D0RITA", LocalPeople.Severity1Answers("Wifi down in Paris"));
        // The ten latest updates, which a status shows its reporter, each twice the 10,000-character text: more than 50 blocks.
        var text = Text("10,000 characters") + Text("10,000 characters");
        var caseId = bot.Db.Text("SELECT id FROM cases")!;
        for (var i = 0; i < 10; i++)
        {
            bot.Db.Execute(
                "INSERT INTO case_events (case_id, at, actor_key, actor_name, type, summary, data) VALUES (@caseId, @at, 'slack:U0AGENT', 'amy', 'update-posted', @summary, '{}')",
                new { caseId, at = bot.Time.GetUtcNow().ToUnixTimeMilliseconds() + i, summary = Entry(i, text) });
        }
        bot.Host.Get<SlackApiClient>().AllowResponseUrlBaseForTests(bot.Slack.HooksBaseUrl);

        var ack = JsonNode.Parse(await bot.SupportAsync("U0RITA", general, "status SUP-000001", new Uri(bot.Slack.HooksBaseUrl, "commands/T0001/9/z").AbsoluteUri))!;
        await bot.Host.Get<SlackFollowUps>().IdleAsync();

        Assert.Equal("ephemeral", ack["response_type"]!.GetValue<string>());
        Assert.Contains(BlockFitter.BelowNote, Strings(ack["blocks"]!));
        var posts = bot.Slack.HookPosts();
        Assert.NotEmpty(posts);
        Assert.All(posts, p => Assert.Equal(("commands/T0001/9/z", "ephemeral", false),
            (p.Path, p.Body["response_type"]!.GetValue<string>(), p.Body["replace_original"]!.GetValue<bool>())));
        AssertWholeInOrder(posts.Select(p => p.Body["blocks"]!.AsArray()).Prepend(ack["blocks"]!.AsArray()), text, entries: 10);
        // Nothing anyone else could see: no message in the channel, no ephemeral through the Web API.
        Assert.Empty(bot.Slack.Messages(general));
        Assert.Empty(bot.Slack.Ephemerals());
    }
}
