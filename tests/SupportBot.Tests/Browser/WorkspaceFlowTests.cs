using Microsoft.Playwright;
using SupportBot.Tests.Policy;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.Tests.Browser;

/// <summary>The whole life of a Severity 1 case, played by one person clicking in the workspace page in Chromium.</summary>
[Collection(SharedChromium.Name)]
public sealed class WorkspaceFlowTests(Chromium chromium, ITestOutputHelper output)
{
    [BrowserFact]
    public async Task A_case_is_reported_claimed_paged_acknowledged_updated_resolved_and_rated_by_clicking()
    {
        await using var s = await WorkspaceSession.StartAsync(chromium, output, "flow", ManagersPagedAfterTenMinutes());
        await s.OpenAsync();

        var rita = s.Panel("dm:rita");
        await WorkspaceIntake.ReportAsync(s, rita, "Wifi down everywhere", "Nobody can connect since 09:40.");
        await Expect(WorkspaceSession.Card(rita, "case-opened")).ToContainTextAsync("Case SUP-000001 is open");
        await s.ShotAsync("reported");

        var triage = s.Panel("triage");
        var triageCard = WorkspaceSession.Card(triage, "triage");
        await Expect(triageCard).ToContainTextAsync("Wifi down everywhere");
        await s.Page.Locator("#me").SelectOptionAsync("agent-1");
        await Expect(triage.Locator("select.actor")).ToHaveValueAsync("agent-1");
        await triageCard.GetByRole(AriaRole.Button, new() { Name = "Claim", Exact = true }).ClickAsync();
        await Expect(triageCard.Locator("dd", new() { HasText = "Example Agent One" })).ToBeVisibleAsync();
        await Expect(WorkspaceSession.Card(rita, "case-update")).ToContainTextAsync("Example Agent One is working on your case");
        await s.ShotAsync("claimed");

        // Ten minutes on, the first level of the ladder pages the manager on duty (follow-the-sun: EMEA on a Monday morning).
        s.Clock.Advance(TimeSpan.FromMinutes(11));
        var manager = s.Panel("dm:manager-2");
        var page = WorkspaceSession.Card(manager, "page");
        await Expect(page).ToContainTextAsync("Wifi down everywhere", new() { Timeout = 30_000 });
        await s.ShotAsync("paged");
        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Expect(page).ToContainTextAsync("Acknowledged by Example Manager EMEA");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" })).ToHaveCountAsync(0);
        await s.ShotAsync("acknowledged");

        await OpenFormAsync(triageCard, "Post update");
        await triageCard.GetByLabel("Update for the reporter").FillAsync("Failover to the second region is under way.");
        await SubmitFormAsync(triageCard, "Post update");
        var bridgeId = s.Db.Text("SELECT id FROM local_conversations WHERE topic LIKE 'SUP-000001%'")!;
        var bridge = s.Panel(bridgeId);
        await Expect(WorkspaceSession.Card(bridge, "case-update")).ToContainTextAsync("Failover to the second region is under way.");
        await Expect(WorkspaceSession.Card(bridge, "bridge-status")).ToContainTextAsync("Failover to the second region is under way.");
        await Expect(bridge.Locator("li.message[data-template='bridge-status'] .badge.pinned")).ToBeVisibleAsync();
        await s.ShotAsync("bridge-update");

        // A bug raised needs its reference and date: the desk's errors appear at those inputs, and what was typed stays.
        await OpenFormAsync(triageCard, "Resolve");
        await triageCard.GetByLabel("Outcome").SelectOptionAsync(new SelectOptionValue { Label = "Bug raised" });
        await triageCard.GetByLabel("Summary for the reporter").FillAsync("The access points were rolled back.");
        await SubmitFormAsync(triageCard, "Resolve");
        await Expect(ErrorAt(triageCard, "Reason or bug reference")).ToHaveTextAsync("Give the bug tracker reference.");
        await Expect(ErrorAt(triageCard, "Expected fix date")).ToHaveTextAsync("Give the expected fix date as YYYY-MM-DD.");
        await Expect(triageCard.GetByLabel("Summary for the reporter")).ToHaveValueAsync("The access points were rolled back.");
        await s.ShotAsync("resolve-refused");
        await triageCard.GetByLabel("Reason or bug reference").FillAsync("NET-4711");
        await triageCard.GetByLabel("Expected fix date").FillAsync("2026-11-30");
        await SubmitFormAsync(triageCard, "Resolve");
        await Expect(triageCard).ToContainTextAsync("Resolved: Bug raised");
        await Expect(bridge).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("archived"));
        await s.ShotAsync("resolved");

        var resolved = WorkspaceSession.Card(rita, "resolved");
        await Expect(resolved).ToContainTextAsync("SUP-000001 is resolved: Bug raised");
        await resolved.GetByLabel("How did we do?").SelectOptionAsync("5");
        // Read the message's id before the click: the answer replaces the card, template and all.
        var resolvedId = await resolved.GetAttributeAsync("data-message-id");
        await resolved.GetByRole(AriaRole.Button, new() { Name = "Fixed" }).ClickAsync();
        await Expect(rita.Locator($"li.message[data-message-id='{resolvedId}']")).ToContainTextAsync("Thank you: SUP-000001 is closed");
        await Expect(triageCard).ToContainTextAsync("Reporter rating: 5");
        await s.ShotAsync("rated");

        Assert.Equal("closed", s.Db.Text("SELECT status FROM cases"));
        Assert.Equal("5", s.Db.Text("SELECT json_extract(data, '$.rating') FROM case_events WHERE type = 'rated'"));
        Assert.Equal(1, s.Db.Count("SELECT count(*) FROM case_events WHERE type = 'page-acknowledged'"));

        // The dashboard counts the case: claimed at once, resolved eleven minutes in, rated 5, one page acknowledged.
        await DashboardView.OpenAsync(s);
        await Expect(DashboardView.Tile(s, "cases")).ToHaveTextAsync("1");
        await Expect(DashboardView.Tile(s, "csat")).ToHaveTextAsync("5 / 5");
        await Expect(DashboardView.Tile(s, "mttr")).ToHaveTextAsync("11m");
        await Expect(DashboardView.Tile(s, "first-response-median")).ToHaveTextAsync("0m");
        await Expect(DashboardView.Tile(s, "pages")).ToHaveTextAsync("1 sent");
        await Expect(s.Page.Locator("#attainment tr[data-severity='sev1']")).ToContainTextAsync("100% (1 of 1)");
        await Expect(s.Page.Locator("#queue-empty")).ToBeVisibleAsync();
        await Expect(s.Page.Locator("#chart-volume rect[data-severity='sev1']")).ToHaveCountAsync(1);
        await s.ShotAsync("dashboard");
        Assert.Empty(s.Errors);
    }

    /// <summary>The default preset, with its Severity 1 ladder starting at the escalation managers after ten minutes.</summary>
    private static string ManagersPagedAfterTenMinutes()
    {
        var yaml = File.ReadAllText(PolicyYaml.RepositoryFile("policies/operational-guide.yml"));
        const string firstLevel = "trigger: { elapsed: 30m }\n        role: l2-engineers";
        Assert.Equal(1, yaml.Split(firstLevel).Length - 1);
        return yaml.Replace(firstLevel, "trigger: { elapsed: 10m }\n        role: managers", StringComparison.Ordinal);
    }

    private static async Task OpenFormAsync(ILocator card, string title)
    {
        var opener = card.Locator($".ac-action-showcard[data-ac-show-card='{title}']");
        if (await opener.GetAttributeAsync("aria-expanded") != "true")
        {
            await opener.ClickAsync();
        }
    }

    private static Task SubmitFormAsync(ILocator card, string title) =>
        card.Locator(".ac-showcard:not([hidden]) .ac-action", new() { HasTextString = title }).ClickAsync();

    private static ILocator ErrorAt(ILocator card, string label) =>
        card.Locator(".ac-input", new() { Has = card.Page.GetByText(label) }).Locator(".ac-input-error");
}
