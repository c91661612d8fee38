using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.Tests.Browser;

/// <summary>The reporter's side of the default preset's intake, clicked through in the page.</summary>
public static class WorkspaceIntake
{
    /// <summary>Reports a global connectivity outage from a direct-message panel, up to the case being opened.</summary>
    public static async Task ReportAsync(WorkspaceSession session, ILocator dm, string title, string description)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(dm);
        var compose = dm.Locator("textarea.compose-text");
        await compose.FillAsync(description);
        await compose.PressAsync("Enter");
        await Expect(dm.Locator("li.from-person").Last).ToContainTextAsync(description);

        var card = WorkspaceSession.Card(dm, "intake");
        await card.GetByLabel("What is the problem about?").SelectOptionAsync("connectivity");
        await card.GetByLabel("Who is affected?").SelectOptionAsync("global");
        await card.GetByLabel("Which region are you in?").SelectOptionAsync("emea");
        await card.GetByLabel("Which customer or partner").FillAsync("Acme");
        await card.GetByLabel("Summarise the problem").FillAsync(title);
        await Expect(card.GetByLabel("Describe what happens")).ToHaveValueAsync(description);
        await card.GetByLabel("Email address").FillAsync("rita@example.com");
        await session.ShotAsync("intake");
        await card.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        // The category brings the technical checklist onto the same card; all of it is optional.
        await Expect(card.GetByLabel("Device operating system and version")).ToBeVisibleAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await WorkspaceSession.Card(dm, "intake-deflection").GetByRole(AriaRole.Button, new() { Name = "I still need help" }).ClickAsync();
        var preview = WorkspaceSession.Card(dm, "intake-preview");
        await Expect(preview).ToContainTextAsync("Severity 1");
        await session.ShotAsync("preview");
        await preview.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
    }
}
