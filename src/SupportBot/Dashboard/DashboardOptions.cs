namespace SupportBot.Dashboard;

public sealed class DashboardOptions
{
    public const string Section = "SupportBot:Dashboard";   // env: SupportBot__Dashboard__AdminToken

    /// <summary>
    /// When set, the dashboard and its API answer anyone who presents it (Bearer header or the login
    /// form's cookie). When empty, they answer this machine only, at a loopback address.
    /// </summary>
    public string AdminToken { get; init; } = "";
}
