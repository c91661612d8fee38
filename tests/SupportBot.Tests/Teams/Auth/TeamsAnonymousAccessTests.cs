using System.Net;
using Microsoft.AspNetCore.Http;
using SupportBot.Teams;
using SupportBot.Teams.Auth;

namespace SupportBot.Tests.Teams.Auth;

public sealed class TeamsAnonymousAccessTests
{
    private const string EmulatorServiceUrl = "http://localhost:56789/";

    private static readonly TeamsOptions NoAppId = new() { AnonymousEmulator = true };
    private static readonly TeamsOptions NotAskedFor = new();
    private static readonly TeamsOptions WithAppId = new() { AppId = "00000000-0000-0000-0000-00000000b07a", AnonymousEmulator = true };

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Allows_a_request_without_a_header_from_loopback_when_no_app_id_is_configured(string address)
    {
        var result = TeamsAnonymousAccess.Check(NoAppId, Request(address), EmulatorServiceUrl);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(TeamsAuthPath.Anonymous, result.Path);
    }

    [Fact]
    public void Refuses_even_loopback_requests_when_the_anonymous_mode_is_not_asked_for()
    {
        AssertRefused(TeamsAuthFailure.NotConfigured, TeamsAnonymousAccess.Check(NotAskedFor, Request("127.0.0.1"), EmulatorServiceUrl));
    }

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("192.168.1.20")]
    [InlineData("::ffff:10.0.0.5")]
    [InlineData(null)]
    public void Refuses_anonymous_requests_from_other_or_unknown_addresses(string? address)
    {
        AssertRefused(TeamsAuthFailure.NotLoopback, TeamsAnonymousAccess.Check(NoAppId, Request(address), EmulatorServiceUrl));
    }

    [Theory]
    [InlineData("X-Forwarded-For")]
    [InlineData("Forwarded")]
    [InlineData("X-Forwarded-Host")]
    [InlineData("X-Real-IP")]
    public void Refuses_anonymous_requests_that_came_through_a_proxy_on_this_machine(string header)
    {
        var request = Request("127.0.0.1");
        request.Headers[header] = "203.0.113.7";

        AssertRefused(TeamsAuthFailure.NotLoopback, TeamsAnonymousAccess.Check(NoAppId, request, EmulatorServiceUrl));
    }

    [Theory]
    [InlineData("http://localhost:56789/")]
    [InlineData("http://127.0.0.1:9000")]
    [InlineData("https://[::1]:9000/")]
    public void Allows_service_urls_on_this_machine(string serviceUrl)
    {
        Assert.True(TeamsAnonymousAccess.Check(NoAppId, Request("127.0.0.1"), serviceUrl).Succeeded);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/emea/")]
    [InlineData("http://localhost.evil.example/")]
    [InlineData("http://user@localhost:9000/")]
    [InlineData("ftp://localhost/")]
    [InlineData("http://10.0.0.5:9000/")]
    [InlineData("not a url")]
    public void Refuses_an_anonymous_activity_naming_a_service_url_elsewhere(string serviceUrl)
    {
        AssertRefused(TeamsAuthFailure.ServiceUrlNotLoopback, TeamsAnonymousAccess.Check(NoAppId, Request("127.0.0.1"), serviceUrl));
    }

    [Fact]
    public void Refuses_anonymous_requests_once_an_app_id_is_configured()
    {
        AssertRefused(TeamsAuthFailure.MissingToken, TeamsAnonymousAccess.Check(WithAppId, Request("127.0.0.1"), EmulatorServiceUrl));
    }

    [Theory]
    [InlineData("Bearer x")]
    [InlineData("")]
    public void A_request_carrying_an_Authorization_header_is_never_anonymous(string header)
    {
        var request = Request("127.0.0.1");
        request.Headers.Authorization = header;

        AssertRefused(TeamsAuthFailure.NotConfigured, TeamsAnonymousAccess.Check(NoAppId, request, EmulatorServiceUrl));
    }

    private static HttpRequest Request(string? remoteAddress)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = remoteAddress is null ? null : IPAddress.Parse(remoteAddress);
        return context.Request;
    }

    private static void AssertRefused(TeamsAuthFailure expected, TeamsAuthResult result)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(expected, result.Failure);
    }
}
