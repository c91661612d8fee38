using System.Text.Json.Nodes;
using SupportBot.Core.Channels;
using SupportBot.Slack;
using SupportBot.Tests.Storage.Providers;

namespace SupportBot.Tests.Slack;

/// <summary>The card behind each Slack message, on each provider, written by two instances.</summary>
public sealed class SlackMessageStoreTests : IDisposable
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    private TestDatabase? db;

    public void Dispose() => db?.Dispose();

    private static OutboundMessage Card(string template, string text) => new(template, new JsonObject { ["case"] = "SUP-000042" }, text);

    [Theory, SqliteData, PostgresData]
    public async Task The_newest_card_of_a_message_wins_whichever_instance_wrote_it_and_other_messages_keep_theirs(StorageProvider provider)
    {
        db = TestDatabase.Create(provider);
        var here = new SlackMessageStore(db.Database, clock);
        var there = new SlackMessageStore(db.OpenAnother(), clock);

        await here.SaveAsync("C0TRIAGE", "1732356000.000100", Card("case-opened", "New case"));
        await here.SaveAsync("C0TRIAGE", "1732356000.000200", Card("case-opened", "Another case"));
        clock.Advance(TimeSpan.FromMinutes(1));
        await there.SaveAsync("C0TRIAGE", "1732356000.000100", Card("case-claimed", "Claimed by Ann"));

        var updated = here.Find("C0TRIAGE", "1732356000.000100")!;
        Assert.Equal(("case-claimed", "Claimed by Ann", "SUP-000042"), (updated.Template, updated.Text, (string?)updated.Data["case"]));
        Assert.Equal("Another case", there.Find("C0TRIAGE", "1732356000.000200")!.Text);
        Assert.Null(here.Find("C0OTHER", "1732356000.000100"));
        // The ts is Slack's exact string: a number that compares equal is another message.
        Assert.Null(here.Find("C0TRIAGE", "1732356000.0001"));
    }
}
