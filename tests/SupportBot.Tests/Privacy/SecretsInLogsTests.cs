using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SupportBot.Outbox;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Slack.EndToEnd;
using SupportBot.Tests.Slack.Fakes;
using SupportBot.Tests.Teams.EndToEnd;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Tests.Privacy;

/// <summary>
/// One app with Slack (signed HTTP requests, bot token), Teams (inbound JWTs, the connector's token),
/// Graph (its own token) and the dashboard's admin token, logging everything at Trace into a capture:
/// after a case goes through every one of them, no secret, token or Authorization value is in any line.
/// </summary>
public sealed partial class SecretsInLogsTests
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private const string AdminToken = "dashboard-admin-token-7f3e9c1d";

    [Fact]
    public async Task No_secret_token_or_authorization_header_appears_in_any_log_line_at_trace_level()
    {
        var logs = new LogCapture();
        var inboundJwts = new List<string>();
        var clock = new TestClock(Monday10Utc);
        await using var teams = await TeamsDriver.StartAsync(clock);
        teams.Connector.AddTeam(TeamsDriver.Team, "Support", TeamsDriver.TeamGroupId, (TeamsDriver.Triage, "Triage"), (TeamsDriver.Bridges, "Bridges"));
        await using var graph = await FakeGraph.StartAsync();
        graph.AddTeam(TeamsDriver.TeamGroupId);
        graph.ChannelCreated = teams.Connector.AddConversation;
        var settings = teams.Settings(withTriage: false);
        settings["SupportBot:Teams:Graph:Enabled"] = "true";
        settings["SupportBot:Teams:Graph:BaseUrl"] = graph.ApiUrl.AbsoluteUri;
        settings["SupportBot:Teams:Graph:TokenEndpoint"] = graph.TokenEndpoint.AbsoluteUri;
        settings["SupportBot:Dashboard:AdminToken"] = AdminToken;
        settings["Logging:LogLevel:Default"] = "Trace";
        await using var slack = await SlackDriver.StartAsync(Monday10Utc, settings, services: s =>
        {
            teams.TrustIdentity(s);
            s.AddSingleton<ILoggerProvider>(logs);
        });
        teams.Client = slack.Host.Client;

        // Teams: the bot joins the team; a Severity 1 report opens a Graph bridge channel and posts to the connector.
        async Task<HttpResponseMessage> SendAsync(JsonObject activity)
        {
            var jwt = teams.Identity.Mint(FakeConnector.AppId, teams.Connector.ServiceUrl);
            inboundJwts.Add(jwt);
            var response = await teams.SendAsync(activity, jwt);
            Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}");
            return response;
        }
        await SendAsync(teams.TeamUpdate(TeamsDriver.BotAdded(), "teamMemberAdded"));
        await SendAsync(teams.Personal(TeamsDriver.Invoke("intake.start", [])));
        await SendAsync(teams.Personal(TeamsDriver.Invoke("intake.next", LocalPeople.Severity1Answers("Wifi down in Paris"))));
        await SendAsync(teams.Personal(TeamsDriver.Invoke("intake.continue", [])));
        await SendAsync(teams.Personal(TeamsDriver.Invoke("intake.submit", [])));
        await DeliverAsync(slack);

        // Slack: the triage card went out with the bot token; a signed click claims the case.
        var card = Assert.Single(slack.Slack.Messages(slack.Triage));
        await slack.ClickInMessageAsync("U0AGENT", slack.Triage, card.Ts, "case.claim");
        await DeliverAsync(slack);

        // The dashboard: the login form, then the API with the token as a bearer.
        using var browser = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = slack.Host.Client.BaseAddress };
        var login = await browser.PostAsync("/dashboard/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = AdminToken }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        using var api = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard/queue");
        api.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(api)).StatusCode);
        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard/queue");
        withCookie.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(withCookie)).StatusCode);

        // Every flow ran and was logged (HttpClient's own trace lines included).
        Assert.NotEmpty(graph.Channels(TeamsDriver.TeamGroupId));
        Assert.NotEmpty(graph.IssuedTokens);
        Assert.NotEmpty(teams.Connector.IssuedTokens);
        Assert.True(slack.Db.Count("SELECT count(*) FROM case_events WHERE type = 'claimed'") == 1);
        var all = string.Join('\n', logs.Lines);
        Assert.Contains("System.Net.Http.HttpClient", all, StringComparison.Ordinal);
        Assert.Contains("Request Headers", all, StringComparison.Ordinal);

        string[] secrets =
        [
            FakeSlack.BotToken, SlackDriver.SigningSecret, FakeConnector.AppPassword, AdminToken, cookie.Split('=', 2)[1],
            .. teams.Connector.IssuedTokens, .. graph.IssuedTokens, .. inboundJwts,
            // A JWT's signature alone is enough to find the token it ends.
            .. inboundJwts.Concat(teams.Connector.IssuedTokens).Concat(graph.IssuedTokens).Select(t => t.Split('.')[^1]).Where(s => s.Length >= 16),
        ];
        foreach (var secret in secrets)
        {
            var line = logs.Lines.FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
            Assert.True(line is null, $"A secret ({secret[..Math.Min(6, secret.Length)]}…) is in the log: {line}");
        }
        var authorization = logs.Lines.FirstOrDefault(l => AuthorizationValue().IsMatch(l));
        Assert.True(authorization is null, $"An Authorization value is in the log: {authorization}");
    }

    private static async Task DeliverAsync(SlackDriver slack)
    {
        for (var i = 0; i < 3; i++)
        {
            await slack.Host.Get<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);
        }
    }

    /// <summary>A credential after an auth scheme or a token field, unless it is redacted ("*" as HttpClient's logging writes it).</summary>
    [GeneratedRegex(@"(Bearer|Basic)\s+[A-Za-z0-9\-_\.=+/]{8,}|client_secret=[^&*\s]+|xox[abp]-\w+|xapp-\w+", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorizationValue();
}
