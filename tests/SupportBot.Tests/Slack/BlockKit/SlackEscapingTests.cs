using System.Text.Json.Nodes;
using SupportBot.Cards;
using SupportBot.Core.Channels;
using SupportBot.Core.Engine;
using SupportBot.Slack.BlockKit;
using static SupportBot.Tests.Cards.CardSamples;
using static SupportBot.Tests.Slack.BlockKit.SlackLimits;

namespace SupportBot.Tests.Slack.BlockKit;

/// <summary>User text cannot notify or link anyone through mrkdwn, and stays as typed in plain_text.</summary>
public sealed class SlackEscapingTests
{
    private const string Evil = "<!channel> <@U123> <https://evil.example|click> & more";
    private const string Escaped = "&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; &amp; more";

    private static readonly CardLibrary Library = CardLibrary.Load(CardLibrary.DefaultFolder());
    private static readonly SlackCardTranslator Translator = new(Library);

    private static readonly Core.Cases.CaseRecord EvilCase = Unclaimed with
    {
        Answers = new Dictionary<string, string>(Answers) { ["description"] = Evil, ["title"] = Evil, ["customer"] = Evil },
    };

    public static TheoryData<string> EvilMessages => [.. EvilSamples().Keys];

    [Theory]
    [MemberData(nameof(EvilMessages))]
    public void User_text_reaches_every_mrkdwn_text_and_the_fallback_escaped(string label)
    {
        var message = EvilSamples()[label];
        var slack = Translator.Message(message);
        var surfaces = new List<JsonNode> { slack.Blocks, Translator.Home(message) };
        if (SlackCardTranslator.HasInputs(message, Library))
        {
            surfaces.Add(Translator.Modal(message, []));
        }

        for (var i = 0; Translator.ShowCardModal(message, i, []) is { } showCard; i++)
        {
            surfaces.Add(showCard);
        }

        var mrkdwn = surfaces.SelectMany(Mrkdwn).Append(slack.Text).ToList();
        Assert.Contains(mrkdwn, t => t.Contains(Escaped, StringComparison.Ordinal));
        Assert.All(mrkdwn, AssertEscaped);
        if (message.Text.Contains(Evil, StringComparison.Ordinal))
        {
            Assert.Contains(Escaped, slack.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void User_text_in_a_plain_text_input_is_kept_as_typed()
    {
        var message = EscalationData.EscalateForm(EvilCase, Now, SupportBot.Tests.Cards.CardSamples.Policy.Ladders[0].Levels[0],
            new Dictionary<string, string> { ["description"] = Evil, ["progress"] = "", ["impact"] = "", ["reason"] = "" }, NodaTime.DateTimeZone.Utc);

        foreach (var surface in new JsonNode[] { Translator.Message(message).Blocks, Translator.Modal(message, []) })
        {
            var input = Objects(surface).Single(o => Text(o["block_id"]) == "description");
            Assert.Equal(Evil, Text(input["element"]!["initial_value"]));
        }
    }

    [Fact]
    public void A_header_is_plain_text_and_keeps_user_text_as_typed()
    {
        var blocks = Translator.Message(Data.Queue([], Now, "<!here> & co")).Blocks;

        Assert.Equal("plain_text", Text(blocks[0]!["text"]!["type"]));
        Assert.Equal("<!here> & co (0)", Text(blocks[0]!["text"]!["text"]));
    }

    [Fact]
    public void Text_split_for_a_Slack_limit_never_cuts_inside_an_escape()
    {
        for (var pad = 0; pad < 5; pad++)
        {
            var description = new string('x', pad) + new string('<', 1000);
            var c = Unclaimed with { Answers = new Dictionary<string, string>(Answers) { ["description"] = description } };

            var sections = Mrkdwn(Translator.Message(Data.Triage(c, Now)).Blocks).Where(t => t.Contains("&lt;", StringComparison.Ordinal)).ToList();

            Assert.Equal(2, sections.Count);
            Assert.All(sections, s => Assert.True(s.Length <= 3000));
            Assert.All(sections, s => Assert.EndsWith("&lt;", s, StringComparison.Ordinal));
            Assert.All(sections, AssertEscaped);
            Assert.Equal(SlackText.Escape(description), string.Concat(sections));
        }
    }

    /// <summary>No raw control character: every '&amp;' starts one of the three escapes, and no '&lt;' or '&gt;' is left.</summary>
    private static void AssertEscaped(string mrkdwn)
    {
        Assert.DoesNotContain(Evil, mrkdwn, StringComparison.Ordinal);
        Assert.DoesNotContain("<", mrkdwn, StringComparison.Ordinal);
        Assert.DoesNotContain(">", mrkdwn, StringComparison.Ordinal);
        for (var i = mrkdwn.IndexOf('&', StringComparison.Ordinal); i >= 0; i = mrkdwn.IndexOf('&', i + 1))
        {
            var rest = mrkdwn[i..];
            Assert.True(
                rest.StartsWith("&amp;", StringComparison.Ordinal) || rest.StartsWith("&lt;", StringComparison.Ordinal) || rest.StartsWith("&gt;", StringComparison.Ordinal),
                $"raw '&' in: {mrkdwn}");
        }
    }

    private static Dictionary<string, OutboundMessage> EvilSamples() => new()
    {
        ["triage"] = Data.Triage(EvilCase, Now),
        ["case opened"] = Data.CaseOpened(EvilCase, Now),
        ["status"] = Data.Status(EvilCase, Events(EvilCase), Now),
        ["ask reporter"] = Data.AskReporter(EvilCase, Now, Evil, Agent.Name),
        ["case update"] = Data.CaseUpdate(EvilCase, Now, Evil, Evil, Evil),
        ["notice"] = CardData.Notice(Evil, Evil),
        ["preview"] = Intake.Preview(Session(EvilCase.Answers), Now),
        ["page"] = EscalationData.Page(EvilCase, Now, SupportBot.Tests.Cards.CardSamples.Policy.Ladders[0].Levels[0], 2, Evil, NodaTime.DateTimeZone.Utc),
        ["queue"] = Data.Queue([EvilCase], Now, "Open cases"),
    };
}
