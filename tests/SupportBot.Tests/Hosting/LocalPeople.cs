namespace SupportBot.Tests.Hosting;

/// <summary>Events the local workspace page would post, for the default preset's example people.</summary>
public static class LocalPeople
{
    public const string AllQuestions = "category,impact,region,customer,title,description,device_os,client_version,ssid,bssid,managed,device_count,steps_to_reproduce,radius_logs,contact_email,contact_phone";

    public static object Say(string user, string text) =>
        new { user = new { id = user, name = Name(user) }, conversation = $"dm:{user}", text };

    public static object Click(string user, string conversation, string verb, Dictionary<string, string>? data = null) =>
        new { id = Guid.NewGuid().ToString("N"), user = new { id = user, name = Name(user) }, conversation, verb, data = data ?? [] };

    public static object Command(string user, string conversation, string command, string arguments = "") =>
        new { user = new { id = user, name = Name(user) }, conversation, command, arguments };

    /// <summary>A full Severity 1 report of a global connectivity outage.</summary>
    public static Dictionary<string, string> Severity1Answers(string title) => new()
    {
        ["shown"] = AllQuestions,
        ["category"] = "connectivity",
        ["impact"] = "global",
        ["region"] = "emea",
        ["customer"] = "Acme",
        ["title"] = title,
        ["description"] = "Nobody can connect",
        ["contact_email"] = "rita@example.com",
    };

    /// <summary>Reports a Severity 1 problem through the whole intake and returns after the case is open.</summary>
    public static async Task ReportAsync(TestHost host, string user, string title)
    {
        await host.PostAsync(Say(user, title));
        await host.PostAsync(Click(user, $"dm:{user}", "intake.next", Severity1Answers(title)));
        await host.PostAsync(Click(user, $"dm:{user}", "intake.continue"));
        var opened = await host.PostAsync(Click(user, $"dm:{user}", "intake.submit"));
        Assert.Equal("case-opened", opened.Card);
    }

    private static string Name(string user) => user switch
    {
        "agent-1" => "Example Agent One",
        "agent-2" => "Example Agent Two",
        _ => $"Reporter {user}",
    };
}
