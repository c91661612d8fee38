using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SupportBot.Tests.Corpus;
using SupportBot.Tests.Slack.EndToEnd;
using SupportBot.Tests.Slack.Fakes;
using SupportBot.Tests.Teams.EndToEnd;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Tests.Security;

/// <summary>
/// The real app with Slack over HTTP (signing secret, team allow-list) and Teams (Bot Connector and
/// own-tenant Entra tokens, service-URL and tenant allow-lists) on a loopback port with a SQLite file,
/// against the loopback Slack, Bot Connector and identity providers; and an attacker's listener that
/// counts what reaches it (where a forged <c>response_url</c> or <c>serviceUrl</c> would send the bot).
/// </summary>
public sealed class ForgedRig : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private WebApplication attacker = null!;
    private int attackerHits;

    public TeamsDriver Teams { get; private set; } = null!;

    public FakeEntraIdentity Entra { get; private set; } = null!;

    public SlackDriver Slack { get; private set; } = null!;

    public Uri AttackerUrl { get; private set; } = null!;

    public int AttackerHits => Volatile.Read(ref attackerHits);

    public async Task InitializeAsync()
    {
        (attacker, AttackerUrl) = await LoopbackServer.StartAsync(app => app.Run(context =>
        {
            Interlocked.Increment(ref attackerHits);
            return context.Response.WriteAsync("ok");
        }));
        var clock = new TestClock(Monday10Utc);
        Teams = await TeamsDriver.StartAsync(clock);
        Entra = await FakeEntraIdentity.StartAsync(clock);
        var settings = Teams.Settings(withTriage: false);
        settings["SupportBot:Teams:EntraOpenIdMetadataUrl"] = Entra.MetadataUrl().AbsoluteUri;
        settings["SupportBot:Teams:AllowedTenants:0"] = FakeConnector.TenantId;
        settings["SupportBot:Slack:AllowedTeams:0"] = FakeSlack.TeamId;
        Slack = await SlackDriver.StartAsync(Monday10Utc, settings, services: Teams.TrustIdentity);
        Teams.Client = Slack.Host.Client;
    }

    public async Task DisposeAsync()
    {
        await Slack.DisposeAsync();
        await Entra.DisposeAsync();
        await Teams.DisposeAsync();
        await attacker.DisposeAsync();
    }

    public DeskSnapshot Snapshot() => DeskSnapshot.Take(Slack.DatabaseFile);

    public long InboundEvents => Slack.Db.Count("SELECT count(*) FROM inbound_events");
}
