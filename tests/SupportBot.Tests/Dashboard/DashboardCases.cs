using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Dashboard;

/// <summary>Cases of the default preset's severities, reported through the local workspace's intake.</summary>
public static class DashboardCases
{
    /// <param name="impact">global (Severity 1), regional (Severity 2) or single-customer (Severity 3).</param>
    public static async Task ReportAsync(TestHost host, string user, string title, string impact)
    {
        ArgumentNullException.ThrowIfNull(host);
        var answers = LocalPeople.Severity1Answers(title);
        answers["impact"] = impact;
        await host.PostAsync(LocalPeople.Say(user, title));
        await host.PostAsync(LocalPeople.Click(user, $"dm:{user}", "intake.next", answers));
        await host.PostAsync(LocalPeople.Click(user, $"dm:{user}", "intake.continue"));
        var opened = await host.PostAsync(LocalPeople.Click(user, $"dm:{user}", "intake.submit"));
        Assert.Equal("case-opened", opened.Card);
    }
}
