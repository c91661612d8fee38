using System.Net;
using SupportBot.Teams;
using SupportBot.Teams.Auth;

namespace SupportBot.Tests.Teams.Auth;

public sealed class TeamsAnonymousAccessTests
{
    private static readonly TeamsOptions NoAppId = new();
    private static readonly TeamsOptions WithAppId = new() { AppId = "00000000-0000-0000-0000-00000000b07a" };

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Allows_a_request_without_a_header_from_loopback_when_no_app_id_is_configured(string address)
    {
        Assert.True(TeamsTokenValidator.IsAnonymousAllowed(NoAppId, null, IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("192.168.1.20")]
    [InlineData("::ffff:10.0.0.5")]
    public void Refuses_anonymous_requests_from_other_addresses(string address)
    {
        Assert.False(TeamsTokenValidator.IsAnonymousAllowed(NoAppId, null, IPAddress.Parse(address)));
    }

    [Fact]
    public void Refuses_anonymous_requests_when_the_remote_address_is_unknown()
    {
        Assert.False(TeamsTokenValidator.IsAnonymousAllowed(NoAppId, null, null));
    }

    [Fact]
    public void Refuses_anonymous_requests_once_an_app_id_is_configured()
    {
        Assert.False(TeamsTokenValidator.IsAnonymousAllowed(WithAppId, null, IPAddress.Loopback));
    }

    [Fact]
    public void A_request_carrying_an_Authorization_header_is_never_anonymous()
    {
        Assert.False(TeamsTokenValidator.IsAnonymousAllowed(NoAppId, "Bearer x", IPAddress.Loopback));
    }
}
