using System.Text.RegularExpressions;
using SupportBot.Tests.Dashboard;
using SupportBot.Tests.Hosting;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.Tests.Browser;

/// <summary>The dashboard's queue in Chromium: clocks that count down in the page, a breach marked as it happens, and the head of a long queue.</summary>
[Collection(SharedChromium.Name)]
public sealed partial class DashboardPageTests(Chromium chromium, ITestOutputHelper output)
{
    [BrowserFact]
    public async Task The_queue_clock_ticks_in_the_page_and_marks_the_breach_when_the_response_target_passes()
    {
        await using var s = await WorkspaceSession.StartAsync(chromium, output, "dashboard-clock");
        await DashboardCases.ReportAsync(s.Host, "rosa", "Wifi slow in Paris", "regional");
        var rosaCase = s.Db.Text("SELECT id FROM cases WHERE number = 'SUP-000001'")!;
        await s.Host.PostAsync(LocalPeople.Click("agent-2", "triage", "case.ask", new() { ["case"] = rosaCase, ["question"] = "Which building?" }));
        await LocalPeople.ReportAsync(s.Host, "rita", "Wifi down everywhere");
        // Five seconds before the Severity 1 case's 15-minute response target, on the server's clock.
        s.Clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(5));

        await DashboardView.OpenAsync(s);

        var sev1 = DashboardView.Row(s, "SUP-000002");
        await Expect(s.Page.Locator("#queue tbody tr").First).ToHaveAttributeAsync("data-case", "SUP-000002");
        var response = sev1.Locator("td[data-clock='response']");
        await Expect(response).ToHaveTextAsync(LeftInSeconds());
        var first = await response.TextContentAsync();
        await Expect(response).Not.ToHaveTextAsync(first!, new() { Timeout = 5_000 });
        await Expect(DashboardView.Row(s, "SUP-000001").Locator("td[data-clock='resolution']")).ToHaveTextAsync("Paused");
        await Expect(sev1.Locator(".breach")).ToHaveCountAsync(0);
        await Expect(s.Page.Locator("#queue-count")).ToHaveTextAsync("(2)");
        await Expect(s.Page.Locator("#queue-more")).ToBeHiddenAsync();
        await s.ShotAsync("ticking");

        await Expect(sev1.Locator(".breach")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(sev1).ToHaveClassAsync(new Regex("breached"));
        await Expect(response).ToHaveTextAsync(new Regex(@"^0m \d\ds over$"));
        await s.ShotAsync("breached");
        Assert.Empty(s.Errors);
    }

    [BrowserFact]
    public async Task The_queue_shows_the_first_100_open_cases_in_queue_order_and_says_how_many_more_are_open()
    {
        await using var s = await WorkspaceSession.StartAsync(chromium, output, "dashboard-head");
        var open = await DashboardCases.OpenManyAsync(s.Host, 102, NodaTime.Instant.FromDateTimeOffset(s.Clock.GetUtcNow()));

        await DashboardView.OpenAsync(s);

        var rows = s.Page.Locator("#queue tbody tr");
        await Expect(rows).ToHaveCountAsync(100);
        await Expect(rows.First).ToHaveAttributeAsync("data-case", open[0].Number);
        await Expect(rows.Last).ToHaveAttributeAsync("data-case", open[99].Number);
        await Expect(s.Page.Locator("#queue-count")).ToHaveTextAsync("(102)");
        await Expect(s.Page.Locator("#queue-more")).ToHaveTextAsync("Showing the first 100 of 102 open cases, in queue order: 2 more are not shown.");
        await Expect(s.Page.Locator("#queue-empty")).ToBeHiddenAsync();
        await s.ShotAsync("head");
        Assert.Empty(s.Errors);
    }

    [BrowserFact]
    public async Task The_report_page_shows_the_months_report_and_downloads_it_as_csv_and_says_what_is_wrong_with_a_bad_month()
    {
        await using var s = await WorkspaceSession.StartAsync(chromium, output, "dashboard-report");
        await LocalPeople.ReportAsync(s.Host, "rita", "Wifi down everywhere");
        var url = new Uri(s.Host.Client.BaseAddress!, "/dashboard/report?month=2026-11").ToString();

        await s.Page.GotoAsync(url);

        await Expect(s.Page.Locator("#report")).ToContainTextAsync("SLA report for November 2026");
        await Expect(s.Page.Locator("#month")).ToHaveValueAsync("2026-11");
        var download = await s.Page.RunAndWaitForDownloadAsync(() => s.Page.Locator("#csv").ClickAsync());
        Assert.Equal("supportbot-sla-2026-11.csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains("Severity 1", csv, StringComparison.Ordinal);
        await s.ShotAsync("report");
        Assert.Empty(s.Errors);

        await s.Page.GotoAsync(url.Replace("2026-11", "2026-13", StringComparison.Ordinal));
        await Expect(s.Page.Locator("#page-error")).ToHaveTextAsync("'2026-13' is not a month: give month=YYYY-MM, e.g. month=2026-03.");
    }

    [GeneratedRegex(@"^0m 0[0-5]s left$")]
    private static partial Regex LeftInSeconds();
}
