using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Slack.EndToEnd;

/// <summary>A Severity 1 through Slack: the bridge is created, joined, pinned and archived through the Web API.</summary>
public sealed class SlackBridgeFlowTests
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_Severity_1_intake_creates_invites_and_pins_the_bridge_and_the_resolve_archives_it()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);
        var answers = new Dictionary<string, string>(LocalPeople.Severity1Answers("Wifi down in Paris"))
        {
            ["description"] = "<!channel> nobody can connect, see <https://evil.example|the status page> & <@U0AGENT>",
        };

        var opened = await bot.ReportAsync("U0RITA", "D0RITA", answers);
        await bot.DeliverAsync();

        Assert.Contains("SUP-000001", opened.ToJsonString(), StringComparison.Ordinal);
        var bridge = Assert.Single(bot.Slack.Channels(), c => c.Name.StartsWith("incident-sup-000001", StringComparison.Ordinal));
        Assert.Equal("incident-sup-000001-wifi-down-in-paris", bridge.Name);
        Assert.StartsWith("SUP-000001 Severity 1: Wifi down in Paris.", bridge.Topic, StringComparison.Ordinal);
        Assert.Contains("U0RITA", bridge.Members);
        var status = Assert.Single(bot.Slack.Messages(bridge.Id));
        Assert.Contains(status.Ts, bridge.Pins);

        // The description reached Slack escaped: no channel-wide ping, no disguised link, no mention.
        var triage = Assert.Single(bot.Slack.Messages(bot.Triage));
        var shown = string.Join("\n", Strings(triage.Blocks!).Append(triage.Text ?? ""));
        Assert.Contains("&lt;!channel&gt;", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("<https://evil.example", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("<@U0AGENT>", shown, StringComparison.Ordinal);

        await bot.ClickInMessageAsync("U0AGENT", bot.Triage, triage.Ts, "case.claim");
        await bot.DeliverAsync();
        Assert.Contains("U0AGENT", bot.Slack.Channels().Single(c => c.Id == bridge.Id).Members);

        await bot.ClickInMessageAsync("U0AGENT", bot.Triage, triage.Ts, "Resolve");
        var resolveForm = bot.LatestView();
        var closed = await bot.SubmitAsync("U0AGENT", resolveForm, new Dictionary<string, string> { ["outcome"] = "fixed", ["summary"] = "The RADIUS cluster failed over" });
        await bot.DeliverAsync();

        Assert.Equal("clear", closed!["response_action"]!.GetValue<string>());
        Assert.Contains("Resolved", bot.Slack.Messages(bot.Triage).Single().Blocks!.ToJsonString(), StringComparison.Ordinal);
        var archived = bot.Slack.Channels().Single(c => c.Id == bridge.Id);
        Assert.True(archived.Archived);
        Assert.Contains(bot.Slack.Messages(bridge.Id), m => (m.Text ?? "").Contains("resolved after", StringComparison.Ordinal));
        Assert.Single(bot.Slack.Calls("conversations.create"));
    }

    /// <summary>Every string in the blocks, as Slack would read it (not JSON-escaped).</summary>
    private static IEnumerable<string> Strings(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonObject o => o.SelectMany(p => Strings(p.Value)),
        System.Text.Json.Nodes.JsonArray a => a.SelectMany(Strings),
        System.Text.Json.Nodes.JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };
}
