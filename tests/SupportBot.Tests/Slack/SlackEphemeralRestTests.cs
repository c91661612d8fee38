using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using SupportBot.Cards;
using SupportBot.Core.Cases;
using SupportBot.Core.Channels;
using SupportBot.Slack.BlockKit;
using SupportBot.Slack.Inbound;
using SupportBot.Tests.Slack.Fakes;
using static SupportBot.Tests.Cards.CardSamples;
using static SupportBot.Tests.Corpus.HostileTextTests;

namespace SupportBot.Tests.Slack;

/// <summary>
/// An answer too long for one ephemeral message (a case log of 30 long entries) reaches the person who asked
/// whole and in order, through the loopback Slack: the answer says the rest follows below, and the rest comes
/// as further ephemerals to them only, a rate limit on a later piece waited out; a failure that lasts stops
/// the rest and says so in the log. Past a command's 5 response_url uses the pieces go by chat.postEphemeral.
/// </summary>
public sealed class SlackEphemeralRestTests
{
    private const string Asker = "U0RITA";
    private const string Bystander = "U0AMY";
    private const int Entries = 30;

    public static TheoryData<string> Texts => ["10,000 characters", "emoji and right-to-left"];

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task An_ephemeral_too_long_for_one_message_reaches_the_asker_only_whole_and_in_order(string name)
    {
        await using var rig = await StartAsync();
        var channel = Channel(rig);
        var card = LongStatus(Text(name));

        await rig.Services.GetRequiredService<SlackReplies>().EphemeralAsync(channel, Asker, card, CancellationToken.None);
        await rig.Services.GetRequiredService<SlackFollowUps>().IdleAsync();

        var sent = rig.Fake.Ephemerals();
        Assert.True(sent.Count >= 3, $"{sent.Count} ephemerals: the log should need the answer and at least two more");
        Assert.All(sent, e => Assert.Equal((channel, Asker), (e.Channel, e.User)));
        Assert.Empty(rig.Fake.Messages(channel));
        Assert.All(sent, e => Assert.InRange(e.Blocks!.Count, 1, FakeSlack.MaxBlocksPerMessage));
        Assert.Contains(BlockFitter.BelowNote, Strings(sent[0].Blocks!));
        Assert.DoesNotContain(BlockFitter.ThreadNote, Strings(sent[0].Blocks!));
        Assert.All(sent.Skip(1), e => Assert.Equal(SlackMessage.ContinuedText, e.Text));
        AssertWholeInOrder(sent.Select(e => e.Blocks!), Text(name));
    }

    [Fact]
    public async Task A_429_on_a_later_piece_is_waited_out_for_its_Retry_After_and_the_rest_still_arrives_in_order()
    {
        await using var rig = await StartAsync();
        var channel = Channel(rig);
        var text = Text("10,000 characters");
        // The answer and the first piece of its rest go through; the second piece is rate limited once.
        rig.Fake.FailNext("chat.postEphemeral", status: 429, retryAfter: 7, afterCalls: 2);

        await rig.Services.GetRequiredService<SlackReplies>().EphemeralAsync(channel, Asker, LongStatus(text), CancellationToken.None);
        await rig.Services.GetRequiredService<SlackFollowUps>().IdleAsync();

        Assert.Single(rig.Fake.Calls("chat.postEphemeral"), c => c.Injected);
        Assert.True(((AdvancingClock)rig.Clock).Waited >= TimeSpan.FromSeconds(7), $"waited {((AdvancingClock)rig.Clock).Waited}");
        var sent = rig.Fake.Ephemerals();
        Assert.All(sent, e => Assert.Equal(Asker, e.User));
        AssertWholeInOrder(sent.Select(e => e.Blocks!), text);
        Assert.DoesNotContain(rig.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rate_limit_that_outlasts_the_retries_stops_the_rest_and_logs_which_part_was_not_delivered()
    {
        await using var rig = await StartAsync();
        var channel = Channel(rig);
        var card = LongStatus(Text("10,000 characters"));
        var parts = 1 + rig.Services.GetRequiredService<SlackCardTranslator>().Ephemeral(card).Rest.Count;
        rig.Fake.FailNext("chat.postEphemeral", count: SlackEphemeralRest.MaxAttempts, status: 429, retryAfter: 7, afterCalls: 1);

        await rig.Services.GetRequiredService<SlackReplies>().EphemeralAsync(channel, Asker, card, CancellationToken.None);
        await rig.Services.GetRequiredService<SlackFollowUps>().IdleAsync();

        // Only the answer: a later piece without the one before it would read out of order.
        Assert.Single(rig.Fake.Ephemerals());
        Assert.Equal(SlackEphemeralRest.MaxAttempts, rig.Fake.Calls("chat.postEphemeral").Count(c => c.Injected));
        var error = Assert.Single(rig.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
        Assert.Contains($"the answer to {Asker} in {channel} stopped before part 2 of {parts}: ratelimited", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_commands_rest_uses_its_response_url_five_times_then_goes_on_by_chat_postEphemeral_in_order()
    {
        await using var rig = await StartAsync();
        var channel = Channel(rig);
        rig.Api.AllowResponseUrlBaseForTests(rig.Fake.HooksBaseUrl);
        var hook = new Uri(rig.Fake.HooksBaseUrl, "commands/T0001/1/x").AbsoluteUri;
        List<JsonArray> rest = [.. Enumerable.Range(1, 7).Select(i => new JsonArray(Section($"piece {i}")))];

        await rig.Services.GetRequiredService<SlackEphemeralRest>().ToResponseUrlAsync(hook, channel, Asker, rest, CancellationToken.None);

        var posts = rig.Fake.HookPosts();
        Assert.Equal(SlackEphemeralRest.ResponseUrlUses, posts.Count);
        Assert.All(posts, p => Assert.Equal(("ephemeral", false), (p.Body["response_type"]!.GetValue<string>(), p.Body["replace_original"]!.GetValue<bool>())));
        var ephemerals = rig.Fake.Ephemerals();
        Assert.All(ephemerals, e => Assert.Equal((channel, Asker), (e.Channel, e.User)));
        var order = posts.Select(p => p.Body["blocks"]!.AsArray()).Concat(ephemerals.Select(e => e.Blocks!)).Select(b => b[0]!["text"]!["text"]!.GetValue<string>()).ToList();
        Assert.Equal([.. Enumerable.Range(1, 7).Select(i => $"piece {i}")], order);
    }

    /// <summary>A status card whose log has 30 entries, each the whole text with its number in front.</summary>
    internal static OutboundMessage LongStatus(string text) =>
        Data.Status(Unclaimed, [.. Enumerable.Range(0, Entries).Select(i => new CaseEvent(
            Unclaimed.Id, T0 + Duration.FromMinutes(i), Agent.Key, Agent.Name, "note", Entry(i, text), new Dictionary<string, string>()))], Now);

    internal static string Entry(int i, string text) => $"Entry {i:00}: {text}";

    /// <summary>Every entry's text is in the pieces' sections, taken in the order they arrived, one after the other.</summary>
    internal static void AssertWholeInOrder(IEnumerable<JsonArray> pieces, string text, int entries = Entries)
    {
        var shown = Compact(string.Concat(pieces.SelectMany(p => p).Select(b => b?["text"]?["text"]?.GetValue<string>() ?? "")));
        var at = 0;
        for (var i = 0; i < entries; i++)
        {
            var found = shown.IndexOf(Compact(SlackText.Escape(Entry(i, text))), at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"entry {i} is missing, cut, or out of order");
            at = found + 1;
        }
    }

    internal static string Text(string name) => name switch
    {
        "10,000 characters" => Repeated("10,000 characters"),
        _ => Repeated("emoji with surrogate pairs and joiners") + Repeated("right-to-left with bidi overrides"),
    };

    private static string Repeated(string corpusName)
    {
        var text = Load().Single(t => t.Name == corpusName);
        return string.Concat(Enumerable.Repeat(text.Text, text.Repeat));
    }

    private static JsonObject Section(string text) =>
        new() { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text } };

    private static string Channel(SlackRig rig)
    {
        rig.Fake.AddUser(Asker, "rita");
        rig.Fake.AddUser(Bystander, "amy");
        return rig.Fake.AddChannel("general", members: [Asker, Bystander]);
    }

    private static Task<SlackRig> StartAsync() => SlackRig.StartAsync(services: s =>
    {
        s.AddSingleton(_ => CardLibrary.Load(CardLibrary.DefaultFolder()));
        s.AddSingleton<SlackCardTranslator>();
        s.AddSingleton<SlackFollowUps>();
        s.AddSingleton<SlackEphemeralRest>();
        s.AddSingleton<SlackReplies>();
    });
}
