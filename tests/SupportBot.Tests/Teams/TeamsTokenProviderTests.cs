using SupportBot.Core.Channels;
using SupportBot.Teams;
using SupportBot.Teams.Connector;
using SupportBot.Tests.Teams.Fakes;

namespace SupportBot.Tests.Teams;

public sealed class TeamsTokenProviderTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_token_is_acquired_once_and_reused_until_five_minutes_before_it_expires()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await using var rig = await TeamsRig.StartAsync(clock);

        var first = await rig.Tokens.GetTokenAsync(forceRefresh: false, None);
        clock.Advance(TimeSpan.FromMinutes(54));
        var again = await rig.Tokens.GetTokenAsync(forceRefresh: false, None);
        Assert.Equal((first, 1), (again, rig.Fake.TokenRequests));

        clock.Advance(TimeSpan.FromMinutes(1));
        var renewed = await rig.Tokens.GetTokenAsync(forceRefresh: false, None);
        Assert.NotEqual(first, renewed);
        Assert.Equal(2, rig.Fake.TokenRequests);
    }

    [Fact]
    public async Task Calls_share_one_token()
    {
        await using var rig = await TeamsRig.StartAsync();

        await rig.Channel.PostAsync(Triage(rig), OutboxCard("one"), None);
        await rig.Channel.PostAsync(Triage(rig), OutboxCard("two"), None);

        Assert.Equal(1, rig.Fake.TokenRequests);
        Assert.Equal(2, rig.Fake.Activities(TeamsRig.Triage).Count);
    }

    [Fact]
    public async Task A_wrong_secret_is_a_permanent_failure_naming_entras_error()
    {
        await using var rig = await TeamsRig.StartAsync(settings: new Dictionary<string, string?> { ["SupportBot:Teams:AppPassword"] = "wrong" });

        var ex = await Assert.ThrowsAsync<ChannelException>(() => rig.Tokens.GetTokenAsync(forceRefresh: false, None));

        Assert.Equal((ChannelFailure.Permanent, "Teams token: 401 invalid_client"), (ex.Kind, ex.Message));
        Assert.DoesNotContain("wrong", rig.AllLogs, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token")]
    [InlineData("72f988bf-0000-0000-0000-000000000000", "https://login.microsoftonline.com/72f988bf-0000-0000-0000-000000000000/oauth2/v2.0/token")]
    public void The_token_endpoint_is_the_tenants_or_botframework_coms(string tenant, string expected)
    {
        Assert.Equal(new Uri(expected), TeamsTokenProvider.TokenEndpointOf(new TeamsOptions { TenantId = tenant }));
    }

    internal static ConversationRef Triage(TeamsRig rig) => new(ChannelKind.Teams, TeamsRig.Triage, IsDirect: false, rig.Fake.ServiceUrl);

    internal static OutboundMessage OutboxCard(string text) => Outbox.OutboxFixture.Card(text);

    private static string Unused => FakeConnector.Scope;
}
