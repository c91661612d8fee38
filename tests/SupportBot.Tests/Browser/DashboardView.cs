using Microsoft.Playwright;

namespace SupportBot.Tests.Browser;

/// <summary>The dashboard page in a workspace session's browser.</summary>
public static class DashboardView
{
    /// <summary>Opens <c>/dashboard</c> and waits until its queue, tiles and charts are drawn.</summary>
    public static async Task OpenAsync(WorkspaceSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        await session.Page.GotoAsync(new Uri(session.Host.Client.BaseAddress!, "/dashboard").ToString());
        await Assertions.Expect(session.Page.Locator("body")).ToHaveAttributeAsync("data-state", "ready");
    }

    /// <summary>The value shown on a KPI tile.</summary>
    public static ILocator Tile(WorkspaceSession session, string kpi)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.Page.Locator($".tile[data-kpi='{kpi}'] .value");
    }

    public static ILocator Row(WorkspaceSession session, string caseNumber)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.Page.Locator($"#queue tr[data-case='{caseNumber}']");
    }
}
