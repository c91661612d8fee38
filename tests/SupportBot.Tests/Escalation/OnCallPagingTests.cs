using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Escalation;

/// <summary>Who a page reaches, resolved at the moment of paging from the default preset's example contacts.</summary>
public sealed class OnCallPagingTests
{
    private const string ManagersFirst = """
        escalation:
          - id: severity-1
            severities: [sev1]
            levels:
              - { name: "Escalation manager", trigger: { elapsed: 30m }, role: managers, ack_timeout: 15m }
        """;

    /// <summary>Each manager works 09:00-17:00 Monday to Friday in their own zone.</summary>
    [Theory]
    [InlineData("2026-11-23T18:00:00Z", "manager-1")] // 10:00 in Los Angeles, 18:00 in London, 02:00 in Singapore
    [InlineData("2026-11-24T10:00:00Z", "manager-2")] // 10:00 in London, 02:00 in Los Angeles, 18:00 in Singapore
    [InlineData("2026-11-24T03:00:00Z", "manager-3")] // 11:00 in Singapore, 03:00 in London, 19:00 in Los Angeles
    public async Task Follow_the_sun_pages_the_manager_whose_working_hours_cover_the_moment_of_paging(string pagedAt, string manager)
    {
        Assert.Equal([$"1/1:{manager}"], await PagesAsync(DateTimeOffset.Parse(pagedAt, System.Globalization.CultureInfo.InvariantCulture), ManagersFirst));
    }

    [Fact]
    public async Task Follow_the_sun_with_no_manager_at_work_pages_the_duty_manager_of_the_weekly_rota_and_says_why_on_the_log()
    {
        // Saturday 28 Nov 2026: the managers' rota is in its week 46 from 5 Jan, the second of three managers.
        await using var bot = await ReportAsync(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero), ManagersFirst);

        Assert.Equal(["1/1:manager-2"], bot.Pages());
        var why = bot.Db.Text("SELECT summary FROM case_events WHERE type = 'paged'")!;
        Assert.Contains("Nobody in Escalation managers is on duty now; falling back to Duty manager (on-call rota): Example Manager EMEA is on call for rota managers-weekly", why, StringComparison.Ordinal);
    }

    /// <summary>
    /// The default Severity 1 ladder pages the L2 rota 30 minutes after opening. The rota hands off on
    /// Mondays at 09:00 London time, from Example L2 Engineer One in the week of 5 Jan 2026, alternating;
    /// Engineer Two covers 24 Dec 09:00 to 26 Dec 09:00 by override.
    /// </summary>
    [Theory]
    [InlineData("2026-11-30T08:59:00Z", "l2-1")] // the last minute of week 47
    [InlineData("2026-11-30T09:01:00Z", "l2-2")] // the first minute of week 48
    [InlineData("2026-12-24T10:00:00Z", "l2-2")] // Engineer One's week, covered by the override
    [InlineData("2026-12-26T09:30:00Z", "l2-1")] // the override has ended
    [InlineData("2027-03-29T07:30:00Z", "l2-2")] // 08:30 BST, the day after clocks go forward: still last week's engineer
    [InlineData("2027-03-29T08:30:00Z", "l2-1")] // 09:30 BST: handed off at 09:00 local, though that is 08:00 UTC
    public async Task The_rota_pages_the_engineer_on_call_across_a_hand_off_an_override_and_a_daylight_saving_change(string pagedAt, string engineer)
    {
        Assert.Equal([$"1/1:{engineer}"], await PagesAsync(DateTimeOffset.Parse(pagedAt, System.Globalization.CultureInfo.InvariantCulture), escalationYaml: null));
    }

    private static async Task<List<string>> PagesAsync(DateTimeOffset pagedAt, string? escalationYaml)
    {
        await using var bot = await ReportAsync(pagedAt, escalationYaml);
        return bot.Pages();
    }

    /// <summary>Reports a Severity 1 thirty minutes before <paramref name="pagedAt"/> and lets the clock run to it.</summary>
    private static async Task<EscalationScenario> ReportAsync(DateTimeOffset pagedAt, string? escalationYaml)
    {
        var bot = await new EscalationScenario(pagedAt.AddMinutes(-30), escalationYaml).StartAsync();
        await LocalPeople.ReportAsync(bot.Host, "rita", "Wifi down");
        await bot.AdvanceAsync(TimeSpan.FromMinutes(30));
        return bot;
    }
}
