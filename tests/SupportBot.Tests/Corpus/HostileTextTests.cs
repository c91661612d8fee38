using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Policy;
using SupportBot.Tests.Slack.EndToEnd;

namespace SupportBot.Tests.Corpus;

/// <summary>
/// The hostile descriptions of <c>Corpus/texts.json</c>, each reported through the local workspace's
/// whole intake into a desk whose triage channel is on Slack, under the default preset with its
/// description limit raised to 10,000 characters: the case keeps the text exactly as typed, and the
/// Slack triage message is within Slack's limits with nothing of the text acting as mentions or links.
/// </summary>
public sealed class HostileTextTests
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Texts => [.. Load().Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task A_hostile_description_is_stored_whole_and_reaches_Slack_within_its_limits_and_inert(string name)
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
        // What Slack shows of the description is its start, as typed (escaped), never another text.
        var start = global::SupportBot.Slack.BlockKit.SlackText.Escape(description[..Math.Min(200, description.Length)]);
        Assert.Contains(start[..Math.Min(100, start.Length)], shown, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Strings(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : Strings(p.Value)),
        JsonArray a => a.SelectMany(i => i is null ? [] : Strings(i)),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    private sealed record HostileText(string Name, string Text, int Repeat, string[] Inert);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    private static List<HostileText> Load() =>
        JsonSerializer.Deserialize<List<HostileText>>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", "texts.json")), Options)!;
}
