using System.Net;
using SupportBot.Outbox;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Tests.Teams.EndToEnd;

/// <summary>
/// Entra-issued tokens (path B) at <c>/api/messages</c> of the real app, for a single-tenant bot whose
/// Entra metadata is a loopback fake: the tenant's own tokens work end to end (forged ones: Security/ForgedRequestTests).
/// </summary>
public sealed class TeamsEntraFlowTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-teams-entra-").FullName;
    private readonly TestClock clock = new(Monday10Utc);
    private TeamsDriver teams = null!;
    private FakeEntraIdentity entra = null!;
    private TestHost host = null!;

    private HostDb Db => new(Path.Combine(folder, "supportbot.db"));

    public async Task InitializeAsync()
    {
        teams = await TeamsDriver.StartAsync(clock);
        entra = await FakeEntraIdentity.StartAsync(clock);
        var settings = teams.Settings();
        settings["SupportBot:Local:Enabled"] = "false";
        settings["SupportBot:Teams:EntraOpenIdMetadataUrl"] = entra.MetadataUrl().AbsoluteUri;
        host = await TestHost.StartAsync(Path.Combine(folder, "supportbot.db"), clock, settings: settings, services: teams.TrustIdentity);
        teams.Client = host.Client;
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await entra.DisposeAsync();
        await teams.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("2.0")]
    public async Task A_token_Entra_issued_to_the_bot_in_its_own_tenant_is_accepted_and_answered(string version)
    {
        var response = await teams.SendAsync(teams.Personal(TeamsDriver.Message("the wifi is down")), entra.Mint(version, FakeConnector.AppId));
        await DeliverAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Db.Count("SELECT count(*) FROM inbound_events"));
        Assert.Contains(teams.Connector.Activities(TeamsDriver.ReporterChat), a => a.Body.ToJsonString().Contains("intake.next", StringComparison.Ordinal));
    }

    private async Task DeliverAsync() => await host.Get<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);
}
