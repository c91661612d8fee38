using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Dashboard;

/// <summary>Who may see the dashboard: the admin token's holder when one is set, this machine only when not.</summary>
public sealed class DashboardAccessTests : IDisposable
{
    private const string Token = "s3cret-admin-token-for-tests";

    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-dashboard-access-").FullName;
    private readonly TestClock clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    private Task<TestHost> StartAsync(string? token = null, IPAddress? remote = null) =>
        TestHost.StartAsync(Path.Combine(folder, "supportbot.db"), clock,
            settings: token is null ? null : new Dictionary<string, string?> { ["SupportBot:Dashboard:AdminToken"] = token },
            services: remote is null ? null : s => s.AddSingleton<IStartupFilter>(new RemoteAddress(remote)));

    private static HttpRequestMessage Get(string url, string? bearer = null, string? cookie = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        return request;
    }

    [Fact]
    public async Task Without_a_token_this_machine_sees_the_dashboard_under_a_strict_content_policy()
    {
        await using var host = await StartAsync();

        var page = await host.Client.GetAsync("/dashboard");
        var queue = await host.Client.GetAsync("/api/dashboard/queue");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (page.StatusCode, queue.StatusCode));
        Assert.Contains("script-src 'self';", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("<script src=\"/dashboard/assets/dashboard.js\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_token_another_machine_is_refused_with_403()
    {
        await using var host = await StartAsync(remote: IPAddress.Parse("203.0.113.9"));

        foreach (var url in new[] { "/dashboard", "/dashboard/report", "/api/dashboard/queue", "/api/dashboard/report?month=2026-11&format=csv" })
        {
            var response = await host.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("loopback", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_a_token_a_page_addressed_to_another_host_name_is_refused_even_from_this_machine()
    {
        await using var host = await StartAsync();
        var request = Get("/api/dashboard/queue");
        request.Headers.Host = "dashboard.attacker.example";

        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task With_a_token_no_token_or_a_wrong_one_gets_401_and_nothing_of_the_desk()
    {
        await using var host = await StartAsync(Token);
        await LocalPeople.ReportAsync(host, "rita", "Wifi down everywhere");

        foreach (var request in new[] { Get("/api/dashboard/queue"), Get("/api/dashboard/queue", "wrong"), Get("/api/dashboard/kpis", Token + "x"),
                     Get("/api/dashboard/queue", cookie: "supportbot-dashboard=" + Token), Get("/dashboard", "wrong") })
        {
            var response = await host.Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.DoesNotContain("SUP-000001", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Wifi", body, StringComparison.Ordinal);
        }
        var page = await host.Client.SendAsync(Get("/dashboard"));
        Assert.Contains("<form method=\"post\" action=\"/dashboard/login\">", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_token_its_bearer_is_answered_from_any_machine()
    {
        // The workspace the case is reported from is loopback only: report it, then restart as seen from afar.
        await using (var local = await StartAsync(Token))
        {
            await LocalPeople.ReportAsync(local, "rita", "Wifi down everywhere");
        }
        await using var host = await StartAsync(Token, IPAddress.Parse("203.0.113.9"));

        var response = await host.Client.SendAsync(Get("/api/dashboard/queue", Token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("SUP-000001", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_login_form_sets_an_http_only_strict_cookie_for_the_right_token_only()
    {
        await using var host = await StartAsync(Token);
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = host.Client.BaseAddress };

        var wrong = await client.PostAsync("/dashboard/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "guess" }));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
        Assert.Contains("That token was not accepted.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var right = await client.PostAsync("/dashboard/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = Token }));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/dashboard", right.Headers.Location!.ToString());
        var setCookie = right.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Token, setCookie, StringComparison.Ordinal);

        var withCookie = await client.SendAsync(Get("/api/dashboard/queue", cookie: setCookie.Split(';')[0]));
        Assert.Equal(HttpStatusCode.OK, withCookie.StatusCode);
    }

    [Fact]
    public async Task A_login_without_a_form_is_a_400()
    {
        await using var host = await StartAsync(Token);

        var response = await host.Client.PostAsync("/dashboard/login", new StringContent(Token));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("form field named 'token'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>Makes every request come from another machine, without a forwarding header the app would have to trust.</summary>
    private sealed class RemoteAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
