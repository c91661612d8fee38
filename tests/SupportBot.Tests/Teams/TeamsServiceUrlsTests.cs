using SupportBot.Teams.Connector;

namespace SupportBot.Tests.Teams;

public sealed class TeamsServiceUrlsTests
{
    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", true)]
    [InlineData("https://smba.trafficmanager.net/emea/72f988bf-0000/", true)]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/gcc", true)]
    [InlineData("http://smba.trafficmanager.net/amer/", false)]
    [InlineData("https://smba.trafficmanager.net:8443/amer/", false)]
    [InlineData("https://smba.trafficmanager.net.evil.example/amer/", false)]
    [InlineData("https://evil.trafficmanager.net/amer/", false)]
    [InlineData("https://user@smba.trafficmanager.net/amer/", false)]
    [InlineData("not a url", false)]
    public void Without_a_list_only_the_teams_hosts_over_https_are_allowed(string url, bool allowed)
    {
        Assert.Equal(allowed, TeamsServiceUrls.IsAllowed(url, []));
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/emea/", true)]
    [InlineData("https://smba.trafficmanager.net/emea/tenant/", true)]
    [InlineData("https://smba.trafficmanager.net/amer/", false)]
    [InlineData("https://smba.trafficmanager.net/emeax/", false)]
    [InlineData("https://smba.trafficmanager.net.evil.example/emea/", false)]
    public void A_configured_prefix_is_matched_by_host_and_path_segments(string url, bool allowed)
    {
        Assert.Equal(allowed, TeamsServiceUrls.IsAllowed(url, ["https://smba.trafficmanager.net/emea"]));
    }
}
