using System.Text.Json.Nodes;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Slack.EndToEnd;

/// <summary><c>/support set …</c> reaches the desk's command, not a new report.</summary>
public sealed class SlackDeskTests
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Support_set_triage_from_someone_who_is_not_a_manager_is_refused_to_them_only_and_stores_nothing()
    {
        await using var bot = await SlackDriver.StartAsync(Monday10Utc);

        var ack = JsonNode.Parse(await bot.SupportAsync("U0RITA", "C0GENERAL", "set triage"))!;
        await bot.DeliverAsync();

        Assert.Equal(("ephemeral", "Only a manager or an admin can set the desk's channels."),
            (ack["response_type"]!.GetValue<string>(), ack["text"]!.GetValue<string>()));
        Assert.Equal(0, bot.Db.Count("SELECT count(*) FROM desk_channels"));
        Assert.Equal(0, bot.Db.Count("SELECT count(*) FROM intake_sessions"));
        Assert.Empty(bot.Slack.Messages("C0GENERAL"));
    }
}
