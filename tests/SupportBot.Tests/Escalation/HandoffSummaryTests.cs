using SupportBot.Local;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Escalation;

/// <summary>At each follow-the-sun hand-off the incoming manager gets one card of their region's open cases.</summary>
public sealed class HandoffSummaryTests
{
    [Fact]
    public async Task The_incoming_manager_gets_one_summary_of_their_regions_open_cases_at_the_start_of_their_day_even_across_a_restart()
    {
        // Monday 08:30 in London: the EMEA manager starts at 09:00.
        await using var bot = await new EscalationScenario(new DateTimeOffset(2026, 11, 23, 8, 30, 0, TimeSpan.Zero)).StartAsync();
        await LocalPeople.ReportAsync(bot.Host, "rita", "Wifi down in Paris");
        await bot.Host.PostAsync(LocalPeople.Say("otto", "Singapore cannot sign in"));
        await bot.Host.PostAsync(LocalPeople.Click("otto", "dm:otto", "intake.next",
            new(LocalPeople.Severity1Answers("Singapore cannot sign in")) { ["region"] = "apac" }));
        await bot.Host.PostAsync(LocalPeople.Click("otto", "dm:otto", "intake.continue"));
        await bot.Host.PostAsync(LocalPeople.Click("otto", "dm:otto", "intake.submit"));

        await bot.AdvanceAsync(TimeSpan.FromMinutes(29));
        Assert.Empty(Summaries(bot, "manager-2"));

        await bot.RestartAsync(downFor: TimeSpan.FromMinutes(2));
        await bot.AdvanceAsync(TimeSpan.Zero);
        await bot.RestartAsync(downFor: TimeSpan.Zero);
        await bot.AdvanceAsync(TimeSpan.Zero);

        var summary = Assert.Single(Summaries(bot, "manager-2"));
        Assert.Equal("Handing over to you: open cases in Europe, Middle East and Africa", summary.Data["title"]!.GetValue<string>());
        Assert.Equal(["SUP-000001"], summary.Data["cases"]!.AsArray().Select(c => c!["number"]!.GetValue<string>()));
        Assert.Empty(Summaries(bot, "manager-1"));
        // Next: the Americas manager at 09:00 in Los Angeles.
        Assert.Equal(1, bot.Db.Count("SELECT count(*) FROM timers WHERE case_id = 'desk' AND status = 'pending' AND due_at = @due",
            new { due = new DateTimeOffset(2026, 11, 23, 17, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() }));
    }

    private static List<LocalMessage> Summaries(EscalationScenario bot, string manager) =>
        [.. bot.Local.Messages(LocalConversation.DirectId(manager)).Where(m => m.Template == "queue")];
}
