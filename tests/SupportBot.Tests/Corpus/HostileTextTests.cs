using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Policy;
using SupportBot.Tests.Slack.EndToEnd;

namespace SupportBot.Tests.Corpus;

/// <summary>
/// The hostile descriptions of <c>Corpus/texts.json</c>, each reported through the local workspace's
/// whole intake into a desk whose triage channel is on Slack, under the default preset as shipped: the case
/// keeps the text exactly as typed, and the Slack triage message carries all of it within Slack's limits
/// (a 10,000-character description over several sections) with nothing of it acting as mentions or links.
/// </summary>
public sealed class HostileTextTests
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Texts => [.. Load().Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task A_hostile_description_is_stored_whole_and_reaches_Slack_whole_over_several_sections_within_its_limits_and_inert(string name)
    {
        var text = Load().Single(t => t.Name == name);
        var description = string.Concat(Enumerable.Repeat(text.Text, text.Repeat));
        await using var bot = await SlackDriver.StartAsync(Monday10Utc, new Dictionary<string, string?>
        {
            ["SupportBot:Local:Enabled"] = "true",
            ["SupportBot:Policy:Path"] = PolicyYaml.RepositoryFile("policies/operational-guide.yml"),
        });
        var answers = LocalPeople.Severity1Answers("Wifi down");
        answers["description"] = description;

        await bot.Host.PostAsync(LocalPeople.Say("rita", "the wifi is down"));
        var next = await bot.Host.PostAsync(LocalPeople.Click("rita", "dm:rita", "intake.next", answers));
        Assert.True(next.Errors is null || next.Errors.Count == 0, string.Join("; ", next.Errors?.Values ?? []));
        await bot.Host.PostAsync(LocalPeople.Click("rita", "dm:rita", "intake.continue"));
        Assert.Equal("case-opened", (await bot.Host.PostAsync(LocalPeople.Click("rita", "dm:rita", "intake.submit"))).Card);
        await bot.DeliverAsync();

        var data = JsonNode.Parse(bot.Db.Text("SELECT data FROM cases")!)!;
        Assert.Contains(description, Strings(data));
        var triage = Assert.Single(bot.Slack.Messages(bot.Triage));
        var shown = string.Join('\n', Strings(triage.Blocks!));
        Assert.All(Strings(triage.Blocks!), s => Assert.True(s.Length <= 3000, $"a text of {s.Length} characters"));
        Assert.All(text.Inert, markup => Assert.DoesNotContain(markup, shown, StringComparison.OrdinalIgnoreCase));
        Assert.All(text.Inert, markup => Assert.DoesNotContain(markup, triage.Text ?? "", StringComparison.OrdinalIgnoreCase));
        // The description is there whole, over as many sections as it needs (cut only at whitespace).
        var sections = string.Concat(triage.Blocks!.Select(b => b?["text"]?["text"]?.GetValue<string>() ?? ""));
        Assert.Contains(Compact(global::SupportBot.Slack.BlockKit.SlackText.Escape(description)), Compact(sections), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_description_too_long_for_one_Slack_message_continues_in_thread_replies_under_the_triage_message()
    {
        // 40,000 '&' are 200,000 characters once escaped: 67 sections, more than a message holds.
        var description = new string('&', 40_000);
        var folder = Directory.CreateTempSubdirectory("supportbot-texts-").FullName;
        try
        {
            await using var bot = await SlackDriver.StartAsync(Monday10Utc, new Dictionary<string, string?>
            {
                ["SupportBot:Local:Enabled"] = "true",
                ["SupportBot:Policy:Path"] = PolicyAllowing(folder, 40_000),
            });
            var answers = LocalPeople.Severity1Answers("Wifi down");
            answers["description"] = description;
            await bot.Host.PostAsync(LocalPeople.Say("rita", "the wifi is down"));
            await bot.Host.PostAsync(LocalPeople.Click("rita", "dm:rita", "intake.next", answers));
            await bot.Host.PostAsync(LocalPeople.Click("rita", "dm:rita", "intake.continue"));
            Assert.Equal("case-opened", (await bot.Host.PostAsync(LocalPeople.Click("rita", "dm:rita", "intake.submit"))).Card);
            await bot.DeliverAsync();

            var posts = bot.Slack.Calls("chat.postMessage").Where(c => c.Args["channel"]?.GetValue<string>() == bot.Triage).ToList();
            var triage = posts[0].Args;
            var replies = posts.Skip(1).Select(c => c.Args).ToList();
            Assert.Contains(global::SupportBot.Slack.BlockKit.BlockFitter.ThreadNote, Strings(triage["blocks"]!));
            Assert.NotEmpty(replies);
            var ts = bot.Slack.Messages(bot.Triage)[0].Ts;
            Assert.All(replies, r => Assert.Equal(ts, r["thread_ts"]?.GetValue<string>()));
            Assert.All(replies.Prepend(triage), r => Assert.InRange(r["blocks"]!.AsArray().Count, 1, 50));
            var sections = string.Concat(replies.Prepend(triage).SelectMany(r => r["blocks"]!.AsArray()).Select(b => b?["text"]?["text"]?.GetValue<string>() ?? ""));
            Assert.Contains(global::SupportBot.Slack.BlockKit.SlackText.Escape(description), sections, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The default preset with a description limit raised past the shipped 20,000 characters.</summary>
    private static string PolicyAllowing(string folder, int maxLength)
    {
        const string Shipped = "max_length: 20000";
        var yaml = File.ReadAllText(PolicyYaml.RepositoryFile("policies/operational-guide.yml"));
        Assert.Contains(Shipped, yaml, StringComparison.Ordinal);
        var path = Path.Combine(folder, "policy.yml");
        File.WriteAllText(path, yaml.Replace(Shipped, $"max_length: {maxLength}", StringComparison.Ordinal));
        return path;
    }

    internal static string Compact(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    internal static IEnumerable<string> Strings(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : Strings(p.Value)),
        JsonArray a => a.SelectMany(i => i is null ? [] : Strings(i)),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    internal sealed record HostileText(string Name, string Text, int Repeat, string[] Inert);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    internal static List<HostileText> Load() =>
        JsonSerializer.Deserialize<List<HostileText>>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", "texts.json")), Options)!;
}
