using System.Text;
using System.Text.Json.Nodes;
using SupportBot.Outbox;
using SupportBot.Teams;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Policy;
using SupportBot.Tests.Teams.EndToEnd;
using static SupportBot.Tests.Corpus.HostileTextTests;

namespace SupportBot.Tests.Corpus;

/// <summary>
/// The hostile descriptions of <c>Corpus/texts.json</c> reported through the Teams intake (invokes in the
/// reporter's personal chat) into a desk whose triage channel is in Teams, under the default preset as
/// shipped: the triage card and any follow-ups carry the whole text, each activity within 28 KB, and no
/// mention or link in it is active.
/// </summary>
public sealed class HostileTextTeamsTests
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Texts => [.. Load().Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task A_hostile_description_reaches_Teams_whole_within_28_KB_per_activity_and_inert(string name)
    {
        var text = Load().Single(t => t.Name == name);
        var description = string.Concat(Enumerable.Repeat(text.Text, text.Repeat));
        var folder = Directory.CreateTempSubdirectory("supportbot-texts-").FullName;
        var clock = new TestClock(Monday10Utc);
        await using var teams = await TeamsDriver.StartAsync(clock);
        try
        {
            var settings = teams.Settings();
            settings["SupportBot:Local:Enabled"] = "false";
            settings["SupportBot:Policy:Path"] = PolicyYaml.RepositoryFile("policies/operational-guide.yml");
            await using var host = await TestHost.StartAsync(Path.Combine(folder, "supportbot.db"), clock, settings: settings, services: teams.TrustIdentity);
            teams.Client = host.Client;
            var answers = LocalPeople.Severity1Answers("Wifi down");
            answers["description"] = description;

            await teams.InvokeAsync(teams.Personal(TeamsDriver.Invoke("intake.start", [])));
            await teams.InvokeAsync(teams.Personal(TeamsDriver.Invoke("intake.next", answers)));
            await teams.InvokeAsync(teams.Personal(TeamsDriver.Invoke("intake.continue", [])));
            Assert.Contains("SUP-", (await teams.InvokeAsync(teams.Personal(TeamsDriver.Invoke("intake.submit", [])))).ToJsonString(), StringComparison.Ordinal);
            await host.Get<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);

            var activities = teams.Connector.Activities(TeamsDriver.Triage).Select(a => a.Body).ToList();
            Assert.NotEmpty(activities);
            Assert.All(activities, a => Assert.InRange(Encoding.UTF8.GetByteCount(a.ToJsonString()), 1, TeamsCardSplitter.ActivityBytes + 200));
            var texts = activities.SelectMany(a => TextBlocks(a)).ToList();
            Assert.All(texts, t => Assert.DoesNotContain("<at>", t, StringComparison.OrdinalIgnoreCase));
            Assert.All(texts, t => Assert.DoesNotContain("](", t, StringComparison.Ordinal));
            Assert.All(activities, a => Assert.Null(a["entities"]));
            var shown = Compact(HostileTextSplitTests.Unescape(string.Concat(texts).Replace(TeamsCardSplitter.ContinuedNote, "", StringComparison.Ordinal)));
            Assert.Contains(Compact(description), shown, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The texts of the TextBlocks of an activity's card, in order; the description's pieces end the first card and fill the others.</summary>
    private static IEnumerable<string> TextBlocks(JsonObject activity) => Blocks(activity["attachments"]![0]!["content"]!["body"]);

    private static IEnumerable<string> Blocks(JsonNode? items) =>
        (items as JsonArray ?? []).OfType<JsonObject>().SelectMany(e =>
            (e["type"]?.GetValue<string>() == "TextBlock" && e["text"] is JsonValue v ? [v.GetValue<string>()] : Enumerable.Empty<string>())
                .Concat(Blocks(e["items"])));
}
