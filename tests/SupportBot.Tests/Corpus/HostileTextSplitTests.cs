using System.Text.Json.Nodes;
using SupportBot.Cards;
using SupportBot.Slack.BlockKit;
using SupportBot.Teams;
using static SupportBot.Tests.Cards.CardSamples;
using static SupportBot.Tests.Corpus.HostileTextTests;

namespace SupportBot.Tests.Corpus;

/// <summary>
/// Long descriptions cut for the platforms' limits, on the triage card as rendered for each: Slack gets
/// them over several sections and, past 50 blocks, in thread replies; Teams in cards within 28 KB. Every
/// piece is within its limit, no cut splits a surrogate pair or an escape, and together they are the text.
/// </summary>
public sealed class HostileTextSplitTests
{
    private static readonly CardLibrary Library = CardLibrary.Load(CardLibrary.DefaultFolder());
    private static readonly SlackCardTranslator Translator = new(Library);

    [Fact]
    public void A_40000_character_description_reaches_Slack_whole_in_one_message_over_several_sections()
    {
        var description = string.Concat(Enumerable.Repeat("wifi down since 9:00 on floor 3 ", 1250));

        var slack = Translator.Message(Triage(description));

        Assert.Empty(slack.Rest);
        Assert.True(slack.Blocks.Count <= 50);
        var sections = Sections(slack.Blocks);
        Assert.All(sections, s => Assert.InRange(s.Length, 1, 3000));
        Assert.True(sections.Count(s => s.Length > 2900) >= 13, $"{sections.Count} sections");
        Assert.Contains(Compact(description), Compact(string.Concat(sections)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_description_too_long_for_50_blocks_is_cut_with_a_note_and_the_rest_is_carried_by_thread_replies()
    {
        // Every '&' is five characters once escaped: 60,000 of them need 100 sections.
        var description = string.Concat(Enumerable.Repeat("&<>", 20_000));

        var slack = Translator.Message(Triage(description));

        Assert.True(slack.Blocks.Count <= 50);
        Assert.Contains(BlockFitter.ThreadNote, Strings(slack.Blocks));
        Assert.NotEmpty(slack.Rest);
        Assert.All(slack.Rest, r => Assert.InRange(r.Count, 1, 50));
        var sections = Sections(slack.Blocks).Concat(slack.Rest.SelectMany(Sections)).ToList();
        Assert.All(sections, s => Assert.InRange(s.Length, 1, 3000));
        Assert.All(sections, s => Assert.DoesNotContain("&", s.Replace("&amp;", "", StringComparison.Ordinal).Replace("&lt;", "", StringComparison.Ordinal).Replace("&gt;", "", StringComparison.Ordinal), StringComparison.Ordinal));
        Assert.Contains(SlackText.Escape(description), string.Concat(sections), StringComparison.Ordinal);
        // The buttons stay on the message itself.
        Assert.Equal("actions", slack.Blocks[^1]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Slack_pieces_never_split_a_surrogate_pair_and_prefer_line_ends()
    {
        var emoji = string.Concat(Enumerable.Repeat("👩‍💻🏳️‍🌈📶", 2000));
        var lines = string.Join('\n', Enumerable.Repeat(new string('x', 1000), 10));

        var emojiPieces = SlackTextSplitter.Split(emoji, 3000);
        var linePieces = SlackTextSplitter.Split(lines, 3000);

        Assert.True(emojiPieces.Count > 1);
        Assert.All(emojiPieces, p => Assert.False(char.IsHighSurrogate(p[^1]) || char.IsLowSurrogate(p[0]), "a piece cuts an emoji in two"));
        Assert.Equal(emoji, string.Concat(emojiPieces));
        Assert.All(linePieces, p => Assert.Equal(0, (p.Length + 1) % 1001));
        Assert.Equal(lines, string.Join('\n', linePieces));
    }

    [Fact]
    public void A_20000_character_description_reaches_Teams_whole_in_cards_each_within_28_KB()
    {
        var description = string.Concat(Enumerable.Repeat("無線網絡中斷 - [link](x) ", 1000));
        var card = Library.Render(Triage(description).Template, Triage(description).Data, AdaptiveCardTextEscaper.Instance);

        var (first, followUps) = TeamsCardSplitter.Split(card, "SUP-000042");

        Assert.NotEmpty(followUps);
        Assert.All(followUps.Prepend(first), c => Assert.InRange(TeamsCardSplitter.Size(c, "SUP-000042"), 1, TeamsCardSplitter.ActivityBytes));
        var head = Assert.Single(Strings(first["body"]!), t => t.EndsWith(TeamsCardSplitter.ContinuedNote, StringComparison.Ordinal));
        var texts = followUps.Select(f => f["body"]![0]!["text"]!.GetValue<string>()).Prepend(head[..^TeamsCardSplitter.ContinuedNote.Length]).ToList();
        Assert.Contains(Compact(description), Compact(Unescape(string.Concat(texts))), StringComparison.Ordinal);
        // No piece starts a list or a link: the markers stay escaped after every cut.
        Assert.All(texts, t => Assert.False(t.StartsWith('-'), t[..20]));
        Assert.All(texts, t => Assert.DoesNotContain("](", t, StringComparison.Ordinal));
    }

    private static Core.Channels.OutboundMessage Triage(string description) =>
        Data.Triage(Unclaimed with { Answers = new Dictionary<string, string>(Answers) { ["description"] = description } }, Now);

    private static List<string> Sections(JsonArray blocks) =>
        [.. blocks.Select(b => b?["text"]?["text"]?.GetValue<string>()).OfType<string>()];

    /// <summary>Adaptive Card markdown's backslash escapes taken off, as Teams shows them.</summary>
    internal static string Unescape(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\\([!-/:-@\[-`{-~])", "$1");
}
